using Microsoft.Extensions.Logging;

namespace StreamVault.Vaults.Swarm;

/// <summary>
/// The request scheduler of one remote vault over its sessions (budgets, FLOOD_WAIT benches, failover, DC routing).
/// A vault of any backend creates one with <see cref="SessionSwarms.Create"/> from its <see cref="ISliceBackendSession"/>s.
/// </summary>
public interface ISessionSwarm : IDisposable
{
    string VaultId { get; }

    /// <summary>Fraction of the per-second budget unused over the last second, less queued demand (0..1).</summary>
    double SpareBudget { get; }

    /// <summary>Reads any span of a part of <paramref name="partLength"/> bytes with requests that start on 1 MiB windows.</summary>
    Task ReadWindowedAsync(string locator, long partLength, long offset, Memory<byte> destination, SliceFetchTicket ticket, CancellationToken cancellationToken);

    /// <summary>Fills <paramref name="destination"/> exactly from <paramref name="locator"/> at <paramref name="offset"/> with one request.</summary>
    Task FetchAsync(string locator, long offset, Memory<byte> destination, SliceFetchTicket ticket, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one backend call that is not a slice read (a channel's messages by id, ...) on a session of the home DC with
    /// budget, in the same queues and under the same rules as slices: it counts against the session's budget,
    /// FLOOD_WAIT benches the session for the whole wait and the call moves on, transient errors retry on another
    /// session. <paramref name="operation"/> may run more than once, so it must be safe to repeat (a read).
    /// </summary>
    Task<T> CallAsync<T>(Func<ISliceBackendSession, CancellationToken, ValueTask<T>> operation, SliceFetchTicket ticket, CancellationToken cancellationToken);

    SwarmSnapshot Snapshot();

    /// <summary>Puts a session to work at once (a session added while the server runs); it starts with a full budget.</summary>
    void AddSession(ISliceBackendSession session);

    /// <summary>Takes a session out: nothing new is sent on it, requests in flight on it finish. False when it is not in the swarm.</summary>
    bool RemoveSession(string id);
}

/// <summary>A vault that schedules its reads over a session swarm; its swarm shows in <see cref="ISwarmMonitor"/>.</summary>
public interface ISwarmOwner
{
    ISessionSwarm Swarm { get; }
}

public static class SessionSwarms
{
    /// <summary>A swarm over <paramref name="sessions"/>, timed by <paramref name="time"/>. It may start empty and get its
    /// sessions later (<see cref="ISessionSwarm.AddSession"/>); until then every request fails as unservable.</summary>
    public static ISessionSwarm Create(string vaultId, IEnumerable<ISliceBackendSession> sessions, SwarmOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        return new SessionSwarm(vaultId, sessions, options, time, logger);
    }
}
