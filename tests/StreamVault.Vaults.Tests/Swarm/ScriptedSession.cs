using StreamVault.Vaults.Swarm;

namespace StreamVault.Vaults.Tests.Swarm;

/// <summary>A backend session whose answers a test scripts, recording when each call arrived.</summary>
internal sealed class ScriptedSession(string id, int dc, TimeProvider time, Func<int, Exception?>? script = null) : ISliceBackendSession
{
    public string Id => id;

    public int Dc => dc;

    public List<(DateTimeOffset At, string Locator, long Offset)> Calls { get; } = [];

    public async ValueTask<int> GetSliceAsync(string locator, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        Calls.Add((time.GetUtcNow(), locator, offset));
        await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        if (script?.Invoke(Calls.Count) is { } error)
        {
            throw error;
        }

        destination.Span.Fill((byte)(offset / 4096));
        return destination.Length;
    }

    public ValueTask RefreshFileReferenceAsync(string locator, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>A clock whose timers fire before their due time (by half of it), as real timers may against the wall clock.</summary>
internal sealed class EarlyTimerClock(TimeProvider inner) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new EarlyTimer(inner.CreateTimer(callback, state, Early(dueTime), period));

    private static TimeSpan Early(TimeSpan due) =>
        due == Timeout.InfiniteTimeSpan || due <= TimeSpan.FromTicks(1) ? due : due - TimeSpan.FromTicks(due.Ticks / 2);

    private sealed class EarlyTimer(ITimer timer) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(Early(dueTime), period);

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }
}
