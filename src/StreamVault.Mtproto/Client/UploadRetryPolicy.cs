using System.Net.Sockets;

namespace StreamVault.Mtproto;

/// <summary>One retry of an upload step, as reported to <see cref="TelegramClientOptions.UploadRetrying"/>.</summary>
/// <param name="FileName">The document being uploaded.</param>
/// <param name="Part">Zero-based part index, or null for the messages.sendMedia that posts the finished document.</param>
/// <param name="TotalParts">Parts of the document.</param>
/// <param name="Attempt">The attempt that failed (1 for the first try).</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Delay">How long the client waits before the next attempt.</param>
public sealed record UploadRetry(string FileName, int? Part, int TotalParts, int Attempt, Exception Error, TimeSpan Delay);

/// <summary>An upload gave up: one part (or the final sendMedia) failed transiently on every allowed attempt.</summary>
public sealed class UploadFailedException(string fileName, int? part, int totalParts, int attempts, Exception lastError)
    : IOException(
        $"Upload of {fileName} failed: {(part is { } p ? $"part {p + 1} of {totalParts}" : "posting the document")} failed {attempts} time(s); last error: {lastError.Message}",
        lastError)
{
    public string FileName { get; } = fileName;

    /// <summary>Zero-based part index, or null when posting the finished document failed.</summary>
    public int? Part { get; } = part;

    public int Attempts { get; } = attempts;
}

/// <summary>
/// Retries one upload step in place. A FLOOD_WAIT_X is waited out in full (never less than X seconds) on the client's
/// clock; transient failures (timeouts, dropped connections the session could not recover, Telegram's 5xx and
/// negative internal errors) back off briefly. Anything else is the caller's mistake or a final answer and is rethrown.
/// </summary>
internal sealed class UploadRetryPolicy(TelegramClientOptions options)
{
    public async Task<T> RunAsync<T>(Func<Task<T>> step, string fileName, int? part, int totalParts, CancellationToken ct)
    {
        var attempts = Math.Max(1, options.UploadAttempts);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step().ConfigureAwait(false);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && DelayFor(e, attempt) is { } delay)
            {
                if (attempt >= attempts)
                {
                    throw new UploadFailedException(fileName, part, totalParts, attempt, e);
                }

                options.UploadRetrying?.Invoke(new UploadRetry(fileName, part, totalParts, attempt, e, delay));
                await Task.Delay(delay, options.Time, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>How long to wait before retrying after <paramref name="error"/>, or null when it must not be retried.</summary>
    private TimeSpan? DelayFor(Exception error, int attempt) => error switch
    {
        // FLOOD_WAIT_0 exists; one second keeps a retry loop from hammering the server.
        FloodWaitException flood => TimeSpan.FromSeconds(Math.Max(1, flood.Seconds)),
        RpcErrorException rpc when rpc.Code >= 500 || rpc.Code < 0 => options.UploadRetryBackoff * attempt,
        TimeoutException or IOException or SocketException => options.UploadRetryBackoff * attempt,
        _ => null,
    };
}
