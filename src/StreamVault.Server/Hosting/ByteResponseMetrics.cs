using Prometheus;
using StreamVault.Delivery.Streaming;

namespace StreamVault.Server.Hosting;

/// <summary>Counts the answers of the signed byte routes by status, in place of the HTTP metrics they skip: one counter
/// increment per range request instead of three middlewares and a histogram.</summary>
internal static class ByteResponseMetrics
{
    private static readonly Counter Responses = Metrics.CreateCounter(
        "streamvault_byte_responses_total", "Answers of the signed byte routes (/stream, /download), by status code.", "code");

    // The answers a byte route gives, labelled once; any other status is labelled when it first comes.
    private static readonly Dictionary<int, Counter.Child> Known = new[] { 200, 206, 304, 403, 404, 410, 412, 416, 500 }
        .ToDictionary(code => code, code => Responses.WithLabels(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static readonly Gauge Viewers = Metrics.CreateGauge(
        "streamvault_viewers_now", "Distinct (client address, media file) pairs streamed within the last minute on this node.");

    /// <summary>Publishes <see cref="IActiveViewers"/> at each scrape; the hot path only touches its own counters.</summary>
    public static void PublishViewers(IActiveViewers viewers) =>
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() => Viewers.Set(viewers.CountNow()));

    public static async Task CountAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch
        {
            Count(StatusCodes.Status500InternalServerError); // the exception handler further out answers it
            throw;
        }

        Count(context.Response.StatusCode);
    }

    private static void Count(int code) =>
        (Known.TryGetValue(code, out var child) ? child : Responses.WithLabels(code.ToString(System.Globalization.CultureInfo.InvariantCulture))).Inc();
}
