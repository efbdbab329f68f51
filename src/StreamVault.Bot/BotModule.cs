using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StreamVault.Bot.Access;
using StreamVault.Bot.Commands;
using StreamVault.Bot.Jobs;
using StreamVault.Bot.Reports;
using StreamVault.Bot.Sending;
using StreamVault.Bot.Updates;
using StreamVault.Catalog.Reports;
using StreamVault.Platform;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace StreamVault.Bot;

/// <summary>
/// The manager bot: the operator's commands over Telegram (/login, /stats, /workers, /takedown, /jobs, /cancel,
/// /reports, /admins), abuse reports with Take down / Dismiss buttons, and the storage channel's posts for auto-index, by
/// long polling (default) or a webhook. Off without <c>StreamVault:Bot:Token</c>. Commands are small classes registered with <see cref="AddBotCommand{TCommand}"/>; /help and the bot's menu list whatever is registered.
/// </summary>
public static class BotModule
{
    /// <summary>The header Telegram sends with every webhook call, carrying the secret given to setWebhook.</summary>
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static IServiceCollection AddManagerBot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotOptions>, WebhookAddressValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BotClient>();
        services.TryAddSingleton<ChatRateLimiter>();
        services.TryAddSingleton<IBotReplies, BotSender>();
        services.TryAddSingleton<BotIdentity>();
        services.TryAddSingleton<BotConfirmations>();
        services.TryAddSingleton<BotBackgroundWork>();
        services.TryAddSingleton<JobStatusMessage>();
        services.TryAddSingleton<JobReply>();
        services.TryAddSingleton<ReportCopies>();
        services.TryAddScoped<BotAccess>();
        services.TryAddScoped<UpdateDispatcher>();
        services.TryAddSingleton<BotService>();
        services.AddHostedService(sp => sp.GetRequiredService<BotService>());

        services.AddBotCommand<StartCommand>()
            .AddBotCommand<HelpCommand>()
            .AddBotCommand<LoginCommand>()
            .AddBotCommand<StatsCommand>()
            .AddBotCommand<WorkersCommand>()
            .AddBotCommand<TakedownCommand>()
            .AddBotCommand<ImportCommand>()
            .AddBotCommand<IndexCommand>()
            .AddBotCommand<LeechCommand>()
            .AddBotCommand<JobsCommand>()
            .AddBotCommand<CancelCommand>()
            .AddBotCommand<ReportsCommand>()
            .AddBotCommand<AdminsCommand>()
            .AddBotCommand<SessionImportCommand>();
        services.AddBotButtons<TakedownButtons>()
            .AddBotButtons<ReportButtons>();

        // Without a token there is nobody to tell: the report stays in the queue for the dashboard.
        if (!string.IsNullOrWhiteSpace(configuration[$"{BotOptions.Section}:{nameof(BotOptions.Token)}"]))
        {
            services.TryAddEnumerable(ServiceDescriptor.Scoped<IAbuseReportNotifier, BotAbuseReportNotifier>());
        }

        return services;
    }

    /// <summary>Adds a command; it is listed in /help (and the menu) in the order added.</summary>
    public static IServiceCollection AddBotCommand<TCommand>(this IServiceCollection services)
        where TCommand : class, IBotCommand
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IBotCommand, TCommand>());
        return services;
    }

    public static IServiceCollection AddBotButtons<THandler>(this IServiceCollection services)
        where THandler : class, IBotButtonHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IBotButtonHandler, THandler>());
        return services;
    }

    /// <summary>POST /bot/webhook, for webhook mode: Telegram's calls carry the secret in
    /// <see cref="SecretHeader"/>; anything else is 401 and learns nothing (the token is never in the path).</summary>
    public static IEndpointRouteBuilder MapManagerBot(this IEndpointRouteBuilder app)
    {
        app.MapPost(BotOptions.WebhookPath, async (HttpContext context, IOptions<BotOptions> options, BotService bot, CancellationToken ct) =>
        {
            var settings = options.Value;
            if (!settings.Enabled || settings.Mode != BotMode.Webhook)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }

            if (!SecretMatches(context.Request.Headers[SecretHeader].ToString(), settings.WebhookSecret!))
            {
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "The webhook secret is missing or wrong.");
            }

            Update? update;
            try
            {
                update = await JsonSerializer.DeserializeAsync<Update>(context.Request.Body, JsonBotAPI.Options, ct);
            }
            catch (JsonException)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid update", detail: "The body is not a Telegram update.");
            }

            if (update is not null)
            {
                await bot.DispatchAsync(update, ct);
            }

            return Results.Ok();
        }).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static bool SecretMatches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    /// <summary>Webhook mode needs an address Telegram can reach: WebhookUrl, or PublicBaseUrl to put the path on.</summary>
    private sealed class WebhookAddressValidation(IOptions<StreamVaultOptions> shared) : IValidateOptions<BotOptions>
    {
        public ValidateOptionsResult Validate(string? name, BotOptions options) =>
            options.Enabled && options.Mode == BotMode.Webhook && BotService.WebhookUrl(options, shared.Value) is null
                ? ValidateOptionsResult.Fail($"StreamVault:Bot:Mode is Webhook but no address is known: set StreamVault:Bot:WebhookUrl or StreamVault:PublicBaseUrl (the webhook is its {BotOptions.WebhookPath}).")
                : ValidateOptionsResult.Success;
    }
}
