using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace StreamVault.Bot.Sending;

/// <summary>The Telegram.Bot client for the configured token and Bot API server, made on first use (a server without a
/// token never makes one). Its own retries are off: 429s are waited out on the injected clock by <see cref="BotSender"/>.</summary>
internal sealed class BotClient(IOptions<BotOptions> options) : IDisposable
{
    private readonly Lazy<(HttpClient Http, TelegramBotClient Api)> _client = new(() =>
    {
        var bot = options.Value;
        // Long polls wait up to PollTimeoutSeconds for an answer; the HTTP timeout leaves room above that.
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(bot.PollTimeoutSeconds + 30) };
        var api = new TelegramBotClient(new TelegramBotClientOptions(bot.Token!, bot.ApiBaseUrl.TrimEnd('/')) { RetryCount = 0 }, http);
        return (http, api);
    });

    public ITelegramBotClient Api => _client.Value.Api;

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Http.Dispose();
        }
    }
}
