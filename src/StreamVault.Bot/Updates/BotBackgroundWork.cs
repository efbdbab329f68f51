using System.Collections.Concurrent;

namespace StreamVault.Bot.Updates;

/// <summary>Work that outlives the update that started it (a status message following a job). Stopping the server
/// cancels it and waits for it, so no edit is left half-sent.</summary>
internal sealed partial class BotBackgroundWork(ILogger<BotBackgroundWork> logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _running = new();

    public void Run(Func<CancellationToken, Task> work)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work(_stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
#pragma warning disable CA1031 // background work has no caller to throw to: its failure is logged
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex);
            }
        });
        _running[task] = true;
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Completes when all work started so far has ended.</summary>
    public Task IdleAsync() => Task.WhenAll(_running.Keys);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await IdleAsync();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Bot background work failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
