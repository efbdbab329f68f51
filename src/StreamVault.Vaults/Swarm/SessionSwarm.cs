using Microsoft.Extensions.Logging;
using StreamVault.Vaults.Caching;

namespace StreamVault.Vaults.Swarm;

/// <summary>
/// Schedules slice requests of one remote vault over its sessions. Requests wait in one priority queue per DC
/// (demand first in arrival order, then read-ahead by the time its viewer needs it: <see cref="SliceFetchTicket.Due"/>);
/// the head goes to the least-loaded healthy session of that DC that
/// has budget now, otherwise a timer wakes the pump when the first budget or bench ends. FLOOD_WAIT benches a session
/// for at least X; errors and timeouts retry on another session; FILE_MIGRATE moves the request to the named DC;
/// FILE_REFERENCE_EXPIRED spends one request on a refresh and retries.
/// Once sent, a request is not cancelled by its callers: the answer is paid for and lands in the cache.
/// </summary>
internal sealed partial class SessionSwarm : ISessionSwarm
{
    private readonly Lock _lock = new();
    private readonly List<SwarmSession> _sessions;
    private readonly Dictionary<int, PriorityQueue<Entry, (long Due, long Seq)>> _queues = [];
    private readonly Dictionary<string, int> _dcByLocator = new(StringComparer.Ordinal);
    private readonly SwarmOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _wake;
    private long _seq;
    private long _wakeAt = long.MaxValue;

    public SessionSwarm(string vaultId, IEnumerable<ISliceBackendSession> sessions, SwarmOptions options, TimeProvider time, ILogger logger)
    {
        VaultId = vaultId;
        _options = options;
        _time = time;
        _logger = logger;
        var now = Now;
        _sessions = [.. sessions.Select(s => NewSession(s, now))];
        _wake = time.CreateTimer(_ => Wake(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string VaultId { get; }

    private long Now => _time.GetUtcNow().UtcTicks;

    /// <summary>Under the lock: the DC of the first session, where calls and files of unknown DC go (0 while there is none).</summary>
    private int HomeDc => _sessions.Count == 0 ? 0 : _sessions[0].Dc;

    private SwarmSession NewSession(ISliceBackendSession backend, long now) =>
        new(backend, new RequestGate(_options.RequestsPerSecond, _options.Burst, _options.EffectiveWindowLimit, now, _options.FloodBackoff, _options.FloodRecovery, _options.WindowMargin));

    public void AddSession(ISliceBackendSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_lock)
        {
            if (_sessions.Any(s => s.Id == session.Id))
            {
                throw new ArgumentException($"The swarm already has a session {session.Id}.", nameof(session));
            }

            _sessions.Add(NewSession(session, Now));
        }

        // Requests that waited for a session of this DC may go now.
        Pump();
    }

    public bool RemoveSession(string id)
    {
        bool removed;
        lock (_lock)
        {
            // Requests in flight on it finish on their own; nothing new is given to it.
            removed = _sessions.RemoveAll(s => s.Id == id) > 0;
        }

        if (removed)
        {
            Pump(); // queued requests for a DC no session serves any more fail now rather than wait
        }

        return removed;
    }

    /// <summary>Reads any span of a part of <paramref name="partLength"/> bytes with requests that start on 1 MiB
    /// windows, as upload.getFile requires: aligned pieces go straight into the caller's buffer, an unaligned head is
    /// fetched from its window start and trimmed.</summary>
    public async Task ReadWindowedAsync(string locator, long partLength, long offset, Memory<byte> destination, SliceFetchTicket ticket, CancellationToken cancellationToken)
    {
        const int Window = SliceMath.SliceSize;
        var done = 0;
        while (done < destination.Length)
        {
            var position = offset + done;
            var windowStart = position - (position % Window);
            var windowLength = (int)Math.Min(Window, partLength - windowStart);
            var want = (int)Math.Min(destination.Length - done, windowStart + windowLength - position);
            if (position == windowStart)
            {
                await FetchAsync(locator, windowStart, destination.Slice(done, want), ticket, cancellationToken);
            }
            else
            {
                var head = (int)(position - windowStart);
                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(head + want);
                try
                {
                    await FetchAsync(locator, windowStart, buffer.AsMemory(0, head + want), ticket, cancellationToken);
                    buffer.AsSpan(head, want).CopyTo(destination.Span[done..]);
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            done += want;
        }
    }

    /// <summary>Fills <paramref name="destination"/> exactly from <paramref name="locator"/> at <paramref name="offset"/>.</summary>
    public Task FetchAsync(string locator, long offset, Memory<byte> destination, SliceFetchTicket ticket, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new SwarmRequest(locator, offset, destination, ticket);
        // Hooked before the first enqueue, so a move racing this call is either seen by Enqueue or re-queues.
        ticket.OnMoved(() => MoveForward(pending));
        lock (_lock)
        {
            pending.Dc = _dcByLocator.GetValueOrDefault(locator, HomeDc);
            Enqueue(pending);
        }

        if (cancellationToken.CanBeCanceled)
        {
            pending.Registration = cancellationToken.Register(() => CancelQueued(pending, cancellationToken));
        }

        Pump();
        return pending.Completion.Task;
    }

    public async Task<T> CallAsync<T>(Func<ISliceBackendSession, CancellationToken, ValueTask<T>> operation, SliceFetchTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(ticket);
        cancellationToken.ThrowIfCancellationRequested();
        T result = default!;
        // The "locator" only names the call in logs; calls never migrate (they are not about one file), so the
        // home DC's queue is theirs and the name never enters the DC map.
        var pending = new SwarmRequest(CallLocator, 0, Memory<byte>.Empty, ticket)
        {
            Call = async (session, ct) => result = await operation(session, ct),
        };
        ticket.OnMoved(() => MoveForward(pending));
        lock (_lock)
        {
            pending.Dc = HomeDc;
            Enqueue(pending);
        }

        if (cancellationToken.CanBeCanceled)
        {
            pending.Registration = cancellationToken.Register(() => CancelQueued(pending, cancellationToken));
        }

        Pump();
        await pending.Completion.Task;
        return result;
    }

    private const string CallLocator = "(call)";

    /// <summary>Fraction of the swarm's per-second budget unused over the last second, less queued demand.</summary>
    public double SpareBudget
    {
        get
        {
            lock (_lock)
            {
                var demand = _queues.Values.Sum(q => q.UnorderedItems.Count(i => i.Element.Live && i.Element.Request.Ticket.Priority == SliceFetchPriority.Demand));
                return SpareBudgetLocked(Now, demand);
            }
        }
    }

    public SwarmSnapshot Snapshot()
    {
        lock (_lock)
        {
            var now = Now;
            var live = _queues.Values.SelectMany(q => q.UnorderedItems).Where(i => i.Element.Live).Select(i => i.Element.Request).ToList();
            var sessions = _sessions.Select(s => new SessionHealth(
                s.Id,
                s.Dc,
                s.State(now),
                s.BenchedUntil > now ? new DateTimeOffset(s.BenchedUntil, TimeSpan.Zero) : null,
                Math.Round(s.Gate.Tokens(now), 2),
                Math.Round(s.Gate.RequestsPerSecond(now), 2),
                s.Gate.GrantsInLastSecond(now),
                s.InFlight,
                s.Requests,
                s.FloodWaits,
                s.Failures)).ToList();
            var demand = live.Count(p => p.Ticket.Priority == SliceFetchPriority.Demand);
            return new SwarmSnapshot(VaultId, SpareBudgetLocked(now, demand), demand, live.Count - demand, sessions);
        }
    }

    /// <summary>Under the lock: the share of healthy sessions' window left in the last second, less queued demand.</summary>
    private double SpareBudgetLocked(long now, int queuedDemand)
    {
        double capacity = 0, used = queuedDemand;
        foreach (var s in _sessions.Where(s => s.State(now) == SessionState.Healthy))
        {
            capacity += s.Gate.WindowLimit;
            used += s.Gate.GrantsInLastSecond(now);
        }

        return capacity <= 0 ? 0 : Math.Clamp(1 - (used / capacity), 0, 1);
    }

    public void Dispose() => _wake.Dispose();

    private void Enqueue(SwarmRequest pending)
    {
        if (!_queues.TryGetValue(pending.Dc, out var queue))
        {
            queue = new PriorityQueue<Entry, (long Due, long Seq)>();
            _queues[pending.Dc] = queue;
        }

        // A new generation invalidates older queue entries of the same request (escalation, retries).
        pending.Generation++;
        pending.Queued = true;
        queue.Enqueue(new Entry(pending, pending.Generation), (pending.Ticket.Due, _seq++));
    }

    /// <summary>The ticket was escalated or hastened: a queued request takes its new place (the old entry goes stale).</summary>
    private void MoveForward(SwarmRequest pending)
    {
        lock (_lock)
        {
            if (pending.Queued)
            {
                Enqueue(pending);
            }
        }

        Pump();
    }

    private void CancelQueued(SwarmRequest pending, CancellationToken token)
    {
        lock (_lock)
        {
            pending.Cancelled = true;
            if (!pending.Queued)
            {
                return; // in flight: finishes (and is cached); not retried if it fails
            }

            pending.Queued = false;
            pending.Generation++;
        }

        pending.Completion.TrySetCanceled(token);
    }

    /// <summary>
    /// The armed wake-up has fired: forget it before pumping. A timer may fire a little before the clock reads its due
    /// time; the pump then finds the bench or budget not quite over and asks for the same wake-up again, which must
    /// arm a new timer rather than trust the spent one (that mistake left queued fetches waiting forever).
    /// </summary>
    private void Wake()
    {
        lock (_lock)
        {
            _wakeAt = long.MaxValue;
        }

        Pump();
    }

    /// <summary>Dispatches every queue head that has a session with budget now, then arms the timer for the rest.</summary>
    private void Pump()
    {
        List<(SwarmRequest, SwarmSession)>? starts = null;
        List<SwarmRequest>? unroutable = null;
        lock (_lock)
        {
            var now = Now;
            var wakeAt = long.MaxValue;
            foreach (var (dc, queue) in _queues)
            {
                while (queue.TryPeek(out var entry, out _))
                {
                    if (!entry.Live)
                    {
                        queue.Dequeue();
                        continue;
                    }

                    var pending = entry.Request;
                    var (session, wait) = Choose(pending, dc, now);
                    if (session is null)
                    {
                        if (wait == long.MaxValue)
                        {
                            queue.Dequeue();
                            pending.Queued = false;
                            (unroutable ??= []).Add(pending);
                            continue;
                        }

                        wakeAt = Math.Min(wakeAt, now + Math.Max(1, wait));
                        break;
                    }

                    queue.Dequeue();
                    pending.Queued = false;
                    session.Gate.Take(now);
                    session.InFlight++;
                    session.Requests++;
                    (starts ??= []).Add((pending, session));
                }
            }

            ArmTimer(wakeAt, now);
        }

        foreach (var pending in unroutable ?? [])
        {
            pending.Registration.Dispose();
            pending.Completion.TrySetException(new VaultUnavailableException($"No session of vault {VaultId} serves DC {pending.Dc}."));
        }

        foreach (var (pending, session) in starts ?? [])
        {
            _ = RunAsync(pending, session);
        }
    }

    /// <summary>Least-loaded usable session of the DC with budget now; otherwise the ticks until one might be.
    /// long.MaxValue as wait means no session serves the DC at all.</summary>
    private (SwarmSession? Session, long Wait) Choose(SwarmRequest pending, int dc, long now)
    {
        // The reserve keeps guesses from crowding out a viewer who waits; read-ahead that playback already needs (a
        // start-up buffer, a viewer about to run dry) is no guess and may use it.
        var reserve = pending.Ticket.Priority == SliceFetchPriority.ReadAhead && pending.Ticket.Due > now ? _options.ReadAheadReserve : 0;
        SwarmSession? best = null;
        var wait = long.MaxValue;
        var anyForDc = false;
        for (var pass = 0; pass < 2 && best is null; pass++)
        {
            foreach (var s in _sessions)
            {
                if (s.Dc != dc)
                {
                    continue;
                }

                anyForDc = true;
                // First pass avoids sessions that already failed this request; the second accepts them.
                if (pass == 0 && pending.Tried.Contains(s.Id))
                {
                    continue;
                }

                if (s.State(now) != SessionState.Healthy)
                {
                    wait = Math.Min(wait, s.AvailableAt - now);
                    continue;
                }

                if (s.InFlight >= _options.MaxInFlightPerSession)
                {
                    wait = Math.Min(wait, TimeSpan.TicksPerSecond / 10); // re-checked when a request completes anyway
                    continue;
                }

                var delay = s.Gate.DelayTicks(now, reserve);
                if (delay > 0)
                {
                    wait = Math.Min(wait, delay);
                    continue;
                }

                if (best is null || s.InFlight < best.InFlight)
                {
                    best = s;
                }
            }
        }

        return anyForDc ? (best, best is null ? wait : 0) : (null, long.MaxValue);
    }

    private void ArmTimer(long wakeAt, long now)
    {
        if (wakeAt == long.MaxValue)
        {
            return;
        }

        if (_wakeAt > now && _wakeAt <= wakeAt)
        {
            return; // an earlier wake-up is already armed; it re-arms for the rest
        }

        _wakeAt = wakeAt;
        _wake.Change(TimeSpan.FromTicks(wakeAt - now), Timeout.InfiniteTimeSpan);
    }

    private async Task RunAsync(SwarmRequest pending, SwarmSession session)
    {
        Exception? error = null;
        var refresh = pending.NeedsRefresh;
        try
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
            if (pending.Call is { } call)
            {
                await call(session.Backend, timeout.Token);
            }
            else if (refresh)
            {
                await session.Backend.RefreshFileReferenceAsync(pending.Locator, timeout.Token);
            }
            else
            {
                var read = await session.Backend.GetSliceAsync(pending.Locator, pending.Offset, pending.Destination, timeout.Token);
                if (read != pending.Destination.Length)
                {
                    throw new TransientBackendException($"Short read: {read} of {pending.Destination.Length} bytes.");
                }
            }
        }
#pragma warning disable CA1031 // any backend failure is this request's outcome: the switch below benches, requeues or fails it
        catch (Exception ex)
        {
            error = ex;
        }
#pragma warning restore CA1031

        var done = false;
        lock (_lock)
        {
            var now = Now;
            session.InFlight--;
            switch (error)
            {
                case null when refresh:
                    pending.NeedsRefresh = false;
                    done = Requeue(pending);
                    break;
                case null:
                    session.Succeeded();
                    done = true;
                    break;
                case FloodWaitException flood:
                    // Never less than X: the bench ends X after the answer arrived, not after the request left.
                    session.Bench(now + Math.Max(flood.Wait.Ticks, TimeSpan.TicksPerSecond));
                    session.Gate.SlowDown(now);
                    done = ++pending.Floods > 10 * _sessions.Count || Requeue(pending);

                    break;
                case FileMigrateException when pending.Call is not null:
                    done = true; // a call is not about a file's DC: nothing to follow
                    break;
                case FileMigrateException migrate:
                    _dcByLocator[pending.Locator] = migrate.Dc;
                    pending.Dc = migrate.Dc;
                    done = ++pending.Migrations > 2 || Requeue(pending);

                    break;
                case FileReferenceExpiredException:
                    pending.NeedsRefresh = true;
                    done = ++pending.Refreshes > 3 || Requeue(pending);

                    break;
                case PermanentBackendException:
                    // Every session would get the same answer: retrying would only spend budget and mark healthy
                    // sessions as failing.
                    done = true;

                    break;
                default:
                    session.Failed(now, _options.FailuresBeforeFailing, _options.FailingCooldown);
                    pending.Tried.Add(session.Id);
                    done = ++pending.Attempts >= _options.MaxAttempts || Requeue(pending);

                    break;
            }
        }

        if (error is PermanentBackendException)
        {
            Log.CannotServe(_logger, error, VaultId, pending.Locator, pending.Offset, error.Message);
        }
        else if (error is not null and not FloodWaitException)
        {
            Log.SessionFailed(_logger, error, session.Id, VaultId, pending.Locator, pending.Offset);
        }

        if (done)
        {
            pending.Registration.Dispose();
            if (error is null && !refresh)
            {
                pending.Completion.TrySetResult();
            }
            else if (pending.Cancelled)
            {
                pending.Completion.TrySetCanceled();
            }
            else if (error is PermanentBackendException)
            {
                pending.Completion.TrySetException(new VaultUnavailableException($"Vault {VaultId} cannot serve this slice: {error.Message}", error));
            }
            else
            {
                pending.Completion.TrySetException(new VaultUnavailableException($"Vault {VaultId} could not read a slice after {pending.Attempts} failed attempts.", error));
            }
        }

        Pump();
    }

    /// <summary>Puts a request back for another try, unless its callers have all gone; returns whether it is finished.</summary>
    private bool Requeue(SwarmRequest pending)
    {
        if (pending.Cancelled)
        {
            return true;
        }

        Enqueue(pending);
        return false;
    }

    private readonly record struct Entry(SwarmRequest Request, int Generation)
    {
        public bool Live => Request.Queued && Request.Generation == Generation;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Session {Session} of {Vault} failed on {Locator}@{Offset}")]
        public static partial void SessionFailed(ILogger logger, Exception exception, string session, string vault, string locator, long offset);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Vault {Vault} cannot serve {Locator}@{Offset}, not retried: {Reason}")]
        public static partial void CannotServe(ILogger logger, Exception exception, string vault, string locator, long offset, string reason);
    }
}
