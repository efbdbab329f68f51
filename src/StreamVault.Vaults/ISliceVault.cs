namespace StreamVault.Vaults;

/// <summary>How urgently a slice is wanted: a viewer waiting on it now, or a guess about what it will want next.</summary>
public enum SliceFetchPriority
{
    Demand = 0,
    ReadAhead = 1,
}

/// <summary>
/// Travels with one slice fetch from the cache down to the scheduler. A read-ahead fetch that a viewer starts
/// waiting on is escalated, so the scheduler moves it in front of other read-ahead instead of fetching it twice.
/// </summary>
public sealed class SliceFetchTicket
{
    private readonly Lock _lock = new();
    private Action? _escalated;

    public SliceFetchTicket(SliceFetchPriority priority) => Priority = priority;

    public SliceFetchPriority Priority { get; private set; }

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
            callback = _escalated;
        }

        callback?.Invoke();
    }

    /// <summary>Registers the scheduler's hook; returns false when the ticket is already at demand priority.</summary>
    internal bool OnEscalated(Action callback)
    {
        lock (_lock)
        {
            _escalated = callback;
            return Priority != SliceFetchPriority.Demand;
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
