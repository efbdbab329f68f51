namespace StreamVault.Vaults;

/// <summary>How urgently a slice is wanted: a viewer waiting on it now, or a guess about what it will want next.</summary>
public enum SliceFetchPriority
{
    Demand = 0,
    ReadAhead = 1,
}

/// <summary>
/// Travels with one slice fetch from the cache down to the scheduler, which serves fetches by <see cref="Due"/>: the
/// time the viewer's playback is expected to reach the slice. A start or a seek is due at once; a viewer whose player
/// holds a long buffer is due late, even when its reader waits on the slice, so the viewer closest to running dry goes
/// first. A fetch that a viewer starts waiting on is escalated, one that a nearer viewer joins is hastened: either way
/// the scheduler moves it forward instead of fetching it twice. <see cref="Priority"/> says whether a reader waits on
/// it (demand) or it is a guess (read-ahead): guesses leave the scheduler's reserve alone and are never hedged.
/// </summary>
public sealed class SliceFetchTicket
{
    /// <summary>Due time of read-ahead whose viewer's pace is unknown: after every estimated one, in arrival order.</summary>
    public const long Unestimated = long.MaxValue / 2;

    private readonly Lock _lock = new();
    private Action? _moved;
    private long _due;

    /// <param name="priority">Demand or read-ahead.</param>
    /// <param name="due">When (<see cref="TimeProvider"/> UTC ticks) the viewer is expected to need the slice. Without
    /// an estimate demand is due at once (0) and read-ahead after everything estimated (<see cref="Unestimated"/>).</param>
    public SliceFetchTicket(SliceFetchPriority priority, long? due = null)
    {
        Priority = priority;
        _due = due ?? (priority == SliceFetchPriority.Demand ? 0 : Unestimated);
    }

    public SliceFetchPriority Priority { get; private set; }

    /// <summary>The scheduler's order: when the slice is due (UTC ticks; 0 = at once).</summary>
    public long Due
    {
        get
        {
            lock (_lock)
            {
                return _due;
            }
        }
    }

    /// <summary>A reader now waits on the slice, and needs it by <paramref name="due"/> (0 = at once): raises the
    /// ticket to <see cref="SliceFetchPriority.Demand"/> and moves it forward if that is sooner.</summary>
    public void Escalate(long due = 0)
    {
        Action? callback;
        lock (_lock)
        {
            if (Priority == SliceFetchPriority.Demand && due >= _due)
            {
                return;
            }

            Priority = SliceFetchPriority.Demand;
            _due = Math.Min(_due, due);
            callback = _moved;
        }

        callback?.Invoke();
    }

    /// <summary>Another viewer needs the slice by <paramref name="due"/>: moves the ticket forward if that is sooner.</summary>
    public void Hasten(long due)
    {
        Action? callback;
        lock (_lock)
        {
            if (due >= _due)
            {
                return;
            }

            _due = due;
            callback = _moved;
        }

        callback?.Invoke();
    }

    /// <summary>Registers the scheduler's hook, called when the ticket moves forward (escalated or hastened).</summary>
    internal void OnMoved(Action callback)
    {
        lock (_lock)
        {
            _moved = callback;
        }
    }
}

/// <summary>
/// A remote vault whose reads cost budget (Telegram): it takes slice-shaped reads with a priority and tells how much
/// request budget is spare, so the cache can size read-ahead. Vaults without it are read through <see cref="IVault.ReadAsync"/>.
/// </summary>
public interface ISliceVault : IVault
{
    /// <summary>Fills <paramref name="destination"/> exactly with the bytes of one part at <paramref name="offset"/>.
    /// Throws <see cref="VaultUnavailableException"/> when every session failed.</summary>
    Task ReadSliceAsync(string locator, long offset, Memory<byte> destination, SliceFetchTicket ticket, CancellationToken cancellationToken);

    /// <summary>Fraction (0..1) of the request budget not used in the last second; read-ahead shrinks as it falls.</summary>
    double SpareBudget { get; }
}
