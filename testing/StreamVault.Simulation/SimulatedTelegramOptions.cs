using StreamVault.Vaults.Swarm;

namespace StreamVault.Simulation;

/// <summary>A stand-in for Telegram with its limits and its faults, for tests, capacity runs and development without
/// accounts. Selected from configuration like any vault.</summary>
public sealed record SimulatedTelegramOptions
{
    public string VaultId { get; init; } = "telegram-sim";

    /// <summary>Sessions (accounts/bots) in the swarm.</summary>
    public int Sessions { get; init; } = 4;

    /// <summary>Data centres; session i lives on <c>Dcs[i % n]</c>, stored files are spread over them in turn.</summary>
    public IReadOnlyList<int> Dcs { get; init; } = [2];

    /// <summary>More requests than this from one session in a sliding second earn FLOOD_WAIT.</summary>
    public int FloodLimitPerSecond { get; init; } = 30;

    /// <summary>FLOOD_WAIT given for a first offence; doubled for each repeat (up to 16×).</summary>
    public TimeSpan FloodWait { get; init; } = TimeSpan.FromSeconds(4);

    public TimeSpan LatencyMin { get; init; } = TimeSpan.FromMilliseconds(80);

    public TimeSpan LatencyMax { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Download bandwidth of one session's connection, shared by its requests in flight.</summary>
    public long BandwidthBytesPerSecond { get; init; } = 40L * 1024 * 1024;

    /// <summary>Share of requests answered with an internal error.</summary>
    public double ErrorRate { get; init; }

    /// <summary>Share of requests never answered (the client's timeout must fire).</summary>
    public double TimeoutRate { get; init; }

    /// <summary>Share of requests whose connection drops mid-way.</summary>
    public double DropRate { get; init; }

    /// <summary>Share of requests that expire the file reference; it stays expired until a session refreshes it.</summary>
    public double ReferenceExpiredRate { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Folder for stored bytes; null keeps them in memory.</summary>
    public string? StorageFolder { get; init; }

    /// <summary>Largest part, as Telegram's 2 GiB document limit; a multiple of 1 MiB.</summary>
    public long MaxPartSize { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Budget and failover of the client side.</summary>
    public SwarmOptions Swarm { get; init; } = new();

    public IReadOnlyList<string> Validate(string prefix)
    {
        var errors = new List<string>(Swarm.Validate(prefix + ":Swarm"));
        if (Sessions < 1)
        {
            errors.Add($"{prefix}:Sessions must be at least 1.");
        }

        if (Dcs.Count == 0)
        {
            errors.Add($"{prefix}:Dcs must list at least one data centre, e.g. [2].");
        }

        if (MaxPartSize < 1024 * 1024 || MaxPartSize % (1024 * 1024) != 0)
        {
            errors.Add($"{prefix}:MaxPartSize must be a positive multiple of 1 MiB (1048576).");
        }

        if (LatencyMin < TimeSpan.Zero || LatencyMax < LatencyMin)
        {
            errors.Add($"{prefix}:LatencyMin must be >= 0 and LatencyMax >= LatencyMin.");
        }

        if (new[] { ErrorRate, TimeoutRate, DropRate, ReferenceExpiredRate }.Any(r => r is < 0 or > 1) || ErrorRate + TimeoutRate + DropRate + ReferenceExpiredRate > 1)
        {
            errors.Add($"{prefix}: fault rates must each be in [0, 1] and sum to at most 1.");
        }

        if (FloodLimitPerSecond < 1 || BandwidthBytesPerSecond < 1)
        {
            errors.Add($"{prefix}:FloodLimitPerSecond and BandwidthBytesPerSecond must be positive.");
        }

        return errors;
    }
}

/// <summary>What the simulated server counted: the referee's score sheet.</summary>
public sealed record SimulatedTelegramCounters(
    long Requests,
    long FloodWaitsIssued,
    long RequestsWhileBenched,
    long ProtocolViolations,
    long FaultsInjected,
    long Refreshes,
    long BytesServed);
