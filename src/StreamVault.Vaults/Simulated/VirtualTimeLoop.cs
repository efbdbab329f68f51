namespace StreamVault.Vaults.Simulated;

/// <summary>
/// A discrete-event clock: a <see cref="TimeProvider"/> whose time jumps to the next timer as soon as no work is left,
/// and a single-threaded synchronization context that runs every continuation. Code under test awaits as usual
/// (Task.Delay on the provider, CancellationTokenSource with the provider); ten minutes of viewing by hundreds of
/// viewers run in seconds, and a run is deterministic for a seed. Code run inside must not leave for the thread pool
/// (no Task.Run, no ConfigureAwait(false), no real I/O), or time could jump while it works.
/// </summary>
internal sealed class VirtualTimeLoop : TimeProvider, IDisposable
{
    private readonly Lock _lock = new();
    private readonly ManualResetEventSlim _posted = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _work = new();
    private readonly PriorityQueue<VirtualTimer, (long Due, long Seq)> _timers = new();
    private long _now;
    private long _seq;

    public VirtualTimeLoop(DateTimeOffset? start = null)
    {
        _now = (start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).UtcTicks;
    }

    /// <summary>
    /// Options for the library's completion sources. In production continuations run asynchronously (no completer
    /// runs its waiters' code). Inside a virtual run that would hop internal continuations (WaitAsync, WhenAll) to the
    /// thread pool, where the loop cannot see them and might move time on; there they run inline on the loop thread.
    /// </summary>
    public static TaskCreationOptions CompletionOptions =>
        SynchronizationContext.Current is LoopContext ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _now), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _now);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Runs <paramref name="entry"/> to completion on this thread, jumping time whenever the work runs dry.
    /// Throws when the work is stuck (nothing runnable, no timer) or virtual time passes <paramref name="limit"/>.</summary>
    public T Run<T>(Func<Task<T>> entry, TimeSpan? limit = null)
    {
        var previous = SynchronizationContext.Current;
        var context = new LoopContext(this);
        SynchronizationContext.SetSynchronizationContext(context);
        _loopThread = Environment.CurrentManagedThreadId;
        try
        {
            var deadline = limit is { } l ? _now + l.Ticks : long.MaxValue;
            var task = entry();
            while (true)
            {
                while (TryTakeWork(out var item))
                {
                    item.Callback(item.State);
                }

                if (task.IsCompleted)
                {
                    return task.GetAwaiter().GetResult();
                }

                if (!FireNextTimer(deadline) && !_posted.Wait(TimeSpan.FromSeconds(5)))
                {
                    // Nothing runnable and no timer: only work outside the loop (real I/O) could still post; we gave it time.
                    throw new InvalidOperationException($"Virtual run stuck at {GetUtcNow():O}: no work and no timer before the limit.");
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    public void Run(Func<Task> entry, TimeSpan? limit = null) => Run(async () =>
    {
        await entry();
        return true;
    }, limit);

    public void Dispose() => _posted.Dispose();

    /// <summary>Continuations posted from other threads: work the loop could not see coming (should stay 0).</summary>
    public int ForeignPosts { get; private set; }

    private int _loopThread;

    private void Post(SendOrPostCallback callback, object? state)
    {
        if (Environment.CurrentManagedThreadId != _loopThread)
        {
            ForeignPosts++;
        }

        lock (_lock)
        {
            _work.Enqueue((callback, state));
        }

        _posted.Set();
    }

    private bool TryTakeWork(out (SendOrPostCallback Callback, object? State) item)
    {
        lock (_lock)
        {
            _posted.Reset();
            return _work.TryDequeue(out item);
        }
    }

    private bool FireNextTimer(long deadline)
    {
        VirtualTimer timer;
        lock (_lock)
        {
            while (true)
            {
                if (!_timers.TryDequeue(out timer!, out var key))
                {
                    return false;
                }

                if (timer.Seq != key.Seq)
                {
                    continue; // re-armed or disposed since
                }

                if (key.Due > deadline)
                {
                    return false;
                }

                if (key.Due > _now)
                {
                    Interlocked.Exchange(ref _now, key.Due);
                }

                break;
            }
        }

        timer.Fire();
        return true;
    }

    private void Schedule(VirtualTimer timer, long due)
    {
        lock (_lock)
        {
            timer.Seq = ++_seq;
            _timers.Enqueue(timer, (Math.Max(due, _now), timer.Seq));
        }
    }

    private void Unschedule(VirtualTimer timer)
    {
        lock (_lock)
        {
            timer.Seq = -1;
        }
    }

    private sealed class LoopContext(VirtualTimeLoop loop) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => loop.Post(d, state);

        public override void Send(SendOrPostCallback d, object? state) => d(state);

        public override SynchronizationContext CreateCopy() => this;
    }

    private sealed class VirtualTimer(VirtualTimeLoop loop, TimerCallback callback, object? state) : ITimer
    {
        private long _period = -1;

        public long Seq { get; set; } = -1;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? -1 : period.Ticks;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                loop.Unschedule(this);
            }
            else
            {
                loop.Schedule(this, loop.GetTimestamp() + Math.Max(0, dueTime.Ticks));
            }

            return true;
        }

        public void Fire()
        {
            if (_period > 0)
            {
                loop.Schedule(this, loop.GetTimestamp() + _period);
            }

            callback(state);
        }

        public void Dispose() => loop.Unschedule(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
