using System.Net.Http.Headers;
using System.Text;

namespace StreamVault.BotApi.StandIn;

/// <summary>Delivers updates to the webhook as Telegram does: one POST per update, JSON, with the
/// <c>X-Telegram-Bot-Api-Secret-Token</c> header when a secret was set; an update stays queued (and is sent again) until
/// the webhook answers 2xx.</summary>
internal sealed class WebhookPusher(BotApiState state, TimeProvider time) : IAsyncDisposable
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Answers from the webhook: status codes in order, for tests.</summary>
    public List<int> Answers { get; } = [];

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var changed = state.Changed;
            if (state.NextWebhookDelivery() is not { } delivery)
            {
                await changed.WaitAsync(stop);
                continue;
            }

            if (await TryDeliverAsync(delivery.Url, delivery.Secret, BotApiStandIn.Json(delivery.Update), stop))
            {
                state.Confirm((long)delivery.Update["update_id"]!);
            }
            else
            {
                await Task.Delay(RetryDelay, time, stop);
            }
        }
    }

    private async Task<bool> TryDeliverAsync(Uri url, string? secret, string json, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")) };
        if (secret is not null)
        {
            request.Headers.Add(SecretHeader, secret);
        }

        try
        {
            using var response = await _http.SendAsync(request, stop);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
