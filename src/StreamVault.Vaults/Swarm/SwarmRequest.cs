namespace StreamVault.Vaults.Swarm;

/// <summary>One slice request as the swarm tracks it across queues, retries and sessions. Mutated under the swarm's lock.</summary>
internal sealed class SwarmRequest(string locator, long offset, Memory<byte> destination, SliceFetchTicket ticket)
{
    public string Locator { get; } = locator;

    public long Offset { get; } = offset;

    public Memory<byte> Destination { get; } = destination;

    /// <summary>A backend call other than a slice read (see <see cref="ISessionSwarm.CallAsync"/>); null for slices.</summary>
    public Func<ISliceBackendSession, CancellationToken, ValueTask>? Call { get; init; }

    public SliceFetchTicket Ticket { get; } = ticket;

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationTokenRegistration Registration { get; set; }

    public HashSet<string> Tried { get; } = new(StringComparer.Ordinal);

    public int Dc { get; set; }

    /// <summary>Waiting in a queue (as opposed to in flight or finished).</summary>
    public bool Queued { get; set; }

    public int Generation { get; set; }

    public bool Cancelled { get; set; }

    public bool NeedsRefresh { get; set; }

    public int Attempts { get; set; }

    public int Floods { get; set; }

    public int Migrations { get; set; }

    public int Refreshes { get; set; }
}
