namespace StreamVault.Vaults;

/// <summary>How urgently a slice is wanted: a viewer waiting on it now, or a guess about what it will want next.</summary>
public enum SliceFetchPriority
{
    Demand = 0,
    ReadAhead = 1,
}

/// <summary>
/// Travels with one slice fetch from the cache down to the scheduler. Demand goes first, in arrival order; read-ahead
/// goes by <see cref="Due"/>, the time its viewer's playback is expected to reach the slice, so the viewer closest to
/// running dry is served before others build buffer far ahead. A read-ahead fetch that a viewer starts waiting on is
/// escalated, and one that a nearer viewer joins is hastened; either way the scheduler moves it forward instead of
/// fetching it twice.
/// </summary>
public sealed class SliceFetchTicket
{
    /// <summary>Due time of read-ahead whose viewer's pace is unknown: after every estimated one, in arrival order.</summary>
    public const long Unestimated = long.MaxValue / 2;

    private readonly Lock _lock = new();
    private Action? _moved;

    /// <param name="priority">Demand or read-ahead.</param>
    /// <param name="due">For read-ahead, when (<see cref="TimeProvider"/> UTC ticks) the viewer is expected to need the
    /// slice; <see cref="Unestimated"/> when nobody knows. Ignored for demand.</param>
    public SliceFetchTicket(SliceFetchPriority priority, long due = Unestimated)
    {
        Priority = priority;
        _due = priority == SliceFetchPriority.Demand ? 0 : due;
    }

    public SliceFetchPriority Priority { get; private set; }

    private long _due;

    /// <summary>The scheduler's order: 0 for demand, else when the slice is due.</summary>
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

    /// <summary>Raises the ticket to <see cref="SliceFetchPriority.Demand"/>; no-op when it already is.</summary>
    public void Escalate()
    {
        Action? callback;
        lock (_lock)
        {
            if (Priority == SliceFetchPriority.Demand)
            {
                return;
            }

            Priority = SliceFetchPriority.Demand;
            _due = 0;
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
