namespace StreamVault.Simulation;

/// <summary>
/// A discrete-event clock: a <see cref="TimeProvider"/> whose time jumps to the next timer as soon as no work is left,
/// and a single-threaded synchronization context that runs every continuation. Code under test awaits as usual
/// (Task.Delay on the provider, CancellationTokenSource with the provider); ten minutes of viewing by hundreds of
/// viewers run in seconds, and a run is deterministic for a seed. Code run inside must not do real I/O or start
/// long work on the thread pool, or the loop would wait for it in real time.
/// </summary>
/// <remarks>
/// Production code completes its sources with <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/> and
/// knows nothing of this loop. Awaits on the loop still come back through its context, but the runtime's own
/// continuations (the promises behind WaitAsync, WhenAny, WhenAll) then run on the thread pool, where the loop cannot
/// see them, and post back from there. So the loop settles after every callback: it waits until the thread pool has
/// nothing queued and no thread working before it runs the next callback or moves time. That keeps time from jumping
/// while a continuation is in flight, and keeps the order of posts the order of the callbacks that caused them.
/// </remarks>
internal sealed class VirtualTimeLoop : TimeProvider, IDisposable
{
    private readonly Lock _lock = new();
    private readonly ManualResetEventSlim _posted = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _work = new();
    private readonly List<(SendOrPostCallback Callback, object? State)> _foreign = [];
    private readonly PriorityQueue<VirtualTimer, (long Due, long Seq)> _timers = new();
    private long _now;
    private long _seq;

    public VirtualTimeLoop(DateTimeOffset? start = null)
    {
        _now = (start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).UtcTicks;
    }

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
        _idleBusyWorkers = BusyWorkers();
        try
        {
            var deadline = limit is { } l ? _now + l.Ticks : long.MaxValue;
            var task = entry();
            SettleThreadPool();
            while (true)
            {
                while (TryTakeWork(out var item))
                {
                    item.Callback(item.State);
                    SettleThreadPool();
                }

                if (task.IsCompleted)
                {
#pragma warning disable RS0030 // the task has completed, so this never blocks: it hands back the result or rethrows the task's own exception as await would
                    return task.GetAwaiter().GetResult();
#pragma warning restore RS0030
                }

                if (HasWork())
                {
                    continue; // a settled hop posted back
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

    /// <summary>Continuations posted from other threads (runtime promises that hopped to the thread pool); the loop
    /// waited for each before it went on.</summary>
    public int ForeignPosts { get; private set; }

    private int _loopThread;

    private void Post(SendOrPostCallback callback, object? state)
    {
        lock (_lock)
        {
            if (Environment.CurrentManagedThreadId != _loopThread)
            {
                ForeignPosts++;
                _foreign.Add((callback, state));
            }
            else
            {
                _ = OrderOf(state); // first sighting, in the loop's own order
                _work.Enqueue((callback, state));
            }
        }

        _posted.Set();
    }

    /// <summary>
    /// Posts from the thread pool arrive in the order the workers happened to finish: one callback that completes a
    /// source with several WaitAsync waiters sends them all at once. They join the work in a replayable order instead:
    /// by the id of the async method they resume, which the loop hands out when it first sees that method (ids only
    /// grow), then in arrival order.
    /// </summary>
    private void AdmitForeignUnlocked()
    {
        if (_foreign.Count == 0)
        {
            return;
        }

        foreach (var item in _foreign.Select((f, i) => (Item: f, Arrival: i)).OrderBy(f => OrderOf(f.Item.State)).ThenBy(f => f.Arrival))
        {
            _work.Enqueue(item.Item);
        }

        _foreign.Clear();
    }

    /// <summary>An await continuation is a delegate on its state machine box, which is a task; reading its id assigns it.</summary>
    private static int OrderOf(object? state) => state switch
    {
        Delegate { Target: Task box } => box.Id,
        Task task => task.Id,
        _ => int.MaxValue,
    };

    private void SettleThreadPool()
    {
        SettleThreadPoolWorkers();
        lock (_lock)
        {
            AdmitForeignUnlocked();
        }
    }

    /// <summary>
    /// Waits until the thread pool has taken every queued item, then until no worker is processing one. A hop queued
    /// by the callback that just ran is thereby finished, and has posted back, before the loop goes on. Pending is
    /// read first, so an item taken between the two reads is seen by the second. A worker blocked elsewhere (a test
    /// runner's reader, another test) also counts as processing and may never stop: the second wait is bounded by a
    /// number of spins far longer than a hop takes (it completes a promise and posts), and never sleeps. Workers that
    /// were already busy when the run began (a test runner's readers) are not waited for; and on a loaded machine, where
    /// a worker running a hop may be descheduled for a while, the wait lasts at least <see cref="BusyWorkerPatience"/>;
    /// a worker still busy after that is taken for the host's, until the count of busy workers drops below it again.
    /// </summary>
    private void SettleThreadPoolWorkers()
    {
        var self = Thread.CurrentThread.IsThreadPoolThread ? 1 : 0;
        var spinner = default(SpinWait);
        while (ThreadPool.PendingWorkItemCount > 0)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        var busy = BusyWorkers();
        if (busy < _idleBusyWorkers)
        {
            _idleBusyWorkers = busy; // a host worker went idle: from now on a worker above this count is a hop of ours
        }

        var idle = Math.Max(self, _idleBusyWorkers);
        var started = global::System.Diagnostics.Stopwatch.GetTimestamp();
        for (var spins = 0; spins < BusyWorkerSpins || global::System.Diagnostics.Stopwatch.GetElapsedTime(started) < BusyWorkerPatience; spins++)
        {
            busy = BusyWorkers();
            if (busy <= idle)
            {
                return;
            }

            Thread.Yield();
        }

        // Still busy after all that patience: the worker is the host's (a test runner's thread that began work after the
        // run started), not a hop. Count it as the host's so that the settles after this one do not each wait for it.
        _idleBusyWorkers = busy;
    }

    private static int BusyWorkers()
    {
        ThreadPool.GetMaxThreads(out var max, out _);
        ThreadPool.GetAvailableThreads(out var available, out _);
        return max - available;
    }

    private const int BusyWorkerSpins = 200;

    // A hop takes microseconds, but on a loaded machine (CI runs test assemblies side by side on two cores) the worker
    // running it can be descheduled for a scheduler slice or more; 2 ms proved too short there.
    private static readonly TimeSpan BusyWorkerPatience = TimeSpan.FromMilliseconds(50);

    // Pool workers busy before the run started: they belong to the host, not to the run.
    private int _idleBusyWorkers;

    private bool HasWork()
    {
        lock (_lock)
        {
            return _work.Count > 0 || _foreign.Count > 0;
        }
    }

    private bool TryTakeWork(out (SendOrPostCallback Callback, object? State) item)
    {
        lock (_lock)
        {
            _posted.Reset();
            if (_work.Count == 0)
            {
                AdmitForeignUnlocked(); // real I/O that posted while the loop waited for it
            }

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
        SettleThreadPool();
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
