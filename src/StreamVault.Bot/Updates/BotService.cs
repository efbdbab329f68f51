using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StreamVault.Bot.Commands;
using StreamVault.Bot.Sending;
using StreamVault.Platform;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace StreamVault.Bot.Updates;

/// <summary>
/// Runs the manager bot: introduces itself (getMe, the command menu), then either long-polls getUpdates — confirming
/// each batch by the next offset — or registers the webhook. Errors back off from 1 s to a minute on the injected clock;
/// stopping the server ends the poll at once.
/// </summary>
internal sealed partial class BotService(
    IOptions<BotOptions> options,
    IOptions<StreamVaultOptions> shared,
    BotClient client,
    BotIdentity identity,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<BotService> logger) : BackgroundService
{
    // Channel posts: the bot, as admin of the storage channel, hears of new and edited posts there (auto-index).
    internal static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery, UpdateType.ChannelPost, UpdateType.EditedChannelPost];
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var bot = options.Value;
        if (!bot.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        await RetryAsync(IntroduceAsync, stoppingToken);
        if (bot.Mode == BotMode.Webhook)
        {
            var url = WebhookUrl(bot, shared.Value)!;
            await RetryAsync(ct => client.Api.SetWebhook(url.ToString(), allowedUpdates: AllowedUpdates, secretToken: bot.WebhookSecret, cancellationToken: ct), stoppingToken);
            LogWebhook(logger, url);
            return;
        }

        // A webhook left from an earlier run would make every getUpdates a 409.
        await RetryAsync(ct => client.Api.DeleteWebhook(cancellationToken: ct), stoppingToken);
        await PollAsync(bot, stoppingToken);
    }

    /// <summary>WebhookUrl, else PublicBaseUrl + the webhook path; null when neither is set.</summary>
    internal static Uri? WebhookUrl(BotOptions bot, StreamVaultOptions shared) =>
        bot.WebhookUrl is { } configured ? new Uri(configured)
        : shared.PublicBaseUrl is { } baseUrl ? new Uri(baseUrl.TrimEnd('/') + BotOptions.WebhookPath)
        : null;

    private async Task IntroduceAsync(CancellationToken cancellationToken)
    {
        var me = await client.Api.GetMe(cancellationToken);
        identity.Username = me.Username;
        await using var scope = scopes.CreateAsyncScope();
        var menu = scope.ServiceProvider.GetServices<IBotCommand>()
            .Where(c => !c.OwnerOnly)
            .Select(c => new BotCommand(c.Name, c.Description))
            .ToList();
        await client.Api.SetMyCommands(menu, cancellationToken: cancellationToken);
    }

    private async Task PollAsync(BotOptions bot, CancellationToken stoppingToken)
    {
        int? offset = null;
        var backoff = FirstBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            Update[] updates;
            try
            {
                updates = await client.Api.GetUpdates(offset, 100, bot.PollTimeoutSeconds, AllowedUpdates, stoppingToken);
                backoff = FirstBackoff;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // any failure of one poll (network, Telegram, a 409 from a second instance) is retried after a pause
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPollFailed(logger, ex.GetType().Name, ex.Message, backoff.TotalSeconds);
                await Task.Delay(backoff, time, stoppingToken);
                backoff = backoff * 2 < LongestBackoff ? backoff * 2 : LongestBackoff;
                continue;
            }

            foreach (var update in updates)
            {
                // The next call's offset confirms this update to Telegram: handled once, even across a restart.
                offset = update.Id + 1;
                await DispatchAsync(update, stoppingToken);
            }
        }
    }

    internal async Task DispatchAsync(Update update, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UpdateDispatcher>().DispatchAsync(update, cancellationToken);
    }

    private async Task RetryAsync(Func<CancellationToken, Task> call, CancellationToken stoppingToken)
    {
        var backoff = FirstBackoff;
        while (true)
        {
            try
            {
                await call(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // Telegram unreachable at start is retried: the server itself runs on
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPollFailed(logger, ex.GetType().Name, ex.Message, backoff.TotalSeconds);
                await Task.Delay(backoff, time, stoppingToken);
                backoff = backoff * 2 < LongestBackoff ? backoff * 2 : LongestBackoff;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Cancelled while waiting: the poll ends with the host.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Manager bot off: StreamVault:Bot:Token is not set")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Manager bot receives updates at {Url}")]
    private static partial void LogWebhook(ILogger logger, Uri url);

    // The type and message only: Telegram.Bot's exceptions never carry the request URL, and the token is in it.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot API call failed ({Type}: {Reason}); trying again in {Seconds} s")]
    private static partial void LogPollFailed(ILogger logger, string type, string reason, double seconds);
}
