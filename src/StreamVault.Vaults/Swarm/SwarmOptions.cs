namespace StreamVault.Vaults.Swarm;

/// <summary>Request budget and failover rules of one vault's session swarm.</summary>
public sealed record SwarmOptions
{
    /// <summary>Sustained requests per second per session (token refill rate).</summary>
    public double RequestsPerSecond { get; init; } = 30;

    /// <summary>Tokens a quiet session may spend at once.</summary>
    public int Burst { get; init; } = 10;

    /// <summary>Hard cap of requests per session in any sliding second; defaults to <see cref="RequestsPerSecond"/>.
    /// A token bucket alone admits Burst + Rate requests in one second, exactly what earns FLOOD_WAIT.</summary>
    public int? WindowLimit { get; init; }

    /// <summary>Added to the one-second window of <see cref="WindowLimit"/>: the slack between a request leaving and
    /// Telegram counting it (scheduling delays, network jitter). 100 ms costs a tenth of the rate (30 per 1.1 s) and
    /// absorbs a 100 ms hiccup; zero trusts that requests arrive exactly as they leave.</summary>
    public TimeSpan WindowMargin { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Failed attempts (errors, timeouts) on one slice before the replica is given up.</summary>
    public int MaxAttempts { get; init; } = 5;

    public int MaxInFlightPerSession { get; init; } = 16;

    /// <summary>Consecutive failures that mark a session failing for <see cref="FailingCooldown"/>.</summary>
    public int FailuresBeforeFailing { get; init; } = 3;

    public TimeSpan FailingCooldown { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Tokens (and window slots) read-ahead leaves untouched so a viewer's demand never waits behind a guess.</summary>
    public int ReadAheadReserve { get; init; } = 2;

    /// <summary>On FLOOD_WAIT a session's rate becomes this share of what it sent in the last second (1 = never adapt).</summary>
    public double FloodBackoff { get; init; } = 0.7;

    /// <summary>Calm time after which a slowed session gets a tenth of its configured rate back. Long, because each
    /// probe above the real limit costs a bench that Telegram makes longer every time.</summary>
    public TimeSpan FloodRecovery { get; init; } = TimeSpan.FromMinutes(5);

    internal int EffectiveWindowLimit => WindowLimit ?? (int)Math.Floor(RequestsPerSecond);

    /// <summary>Returns problems naming the setting and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string prefix)
    {
        var errors = new List<string>();
        if (RequestsPerSecond is <= 0 or > 1000)
        {
            errors.Add($"{prefix}:RequestsPerSecond must be in (0, 1000]; Telegram allows about 30.");
        }

        if (Burst < 1)
        {
            errors.Add($"{prefix}:Burst must be at least 1.");
        }

        if (EffectiveWindowLimit < 1)
        {
            errors.Add($"{prefix}:WindowLimit must be at least 1.");
        }

        if (MaxAttempts < 1 || MaxInFlightPerSession < 1 || FailuresBeforeFailing < 1)
        {
            errors.Add($"{prefix}:MaxAttempts, MaxInFlightPerSession and FailuresBeforeFailing must be at least 1.");
        }

        if (FloodBackoff is <= 0 or > 1)
        {
            errors.Add($"{prefix}:FloodBackoff must be in (0, 1]; 0.7 keeps 70% of the rate after a FLOOD_WAIT, 1 never adapts.");
        }

        if (FloodRecovery <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}:FloodRecovery must be positive, e.g. 00:01:00.");
        }

        if (WindowMargin < TimeSpan.Zero || WindowMargin >= TimeSpan.FromSeconds(1))
        {
            errors.Add($"{prefix}:WindowMargin must be in [0, 1 s), e.g. 00:00:00.100.");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}:RequestTimeout must be positive, e.g. 00:00:10.");
        }

        return errors;
    }
}

public enum SessionState
{
    Healthy,
    Benched,
    Failing,
}

/// <summary>One session as the admin endpoint and metrics see it.</summary>
public sealed record SessionHealth(
    string Id,
    int Dc,
    SessionState State,
    DateTimeOffset? BenchedUntil,
    double Tokens,
    double RequestsPerSecond,
    int RequestsLastSecond,
    int InFlight,
    long Requests,
    long FloodWaits,
    long Failures)
{
    /// <summary>The state as the bot's /workers and the dashboard's swarm page say it: "healthy", "failing", or
    /// "benched 42 s more" while a FLOOD_WAIT lasts.</summary>
    public string StateText(DateTimeOffset now) => State switch
    {
        SessionState.Benched when BenchedUntil is { } until => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"benched {Math.Max(0, (until - now).TotalSeconds):0} s more"),
        SessionState.Benched => "benched",
        SessionState.Failing => "failing",
        _ => "healthy",
    };
}

/// <summary>One vault's swarm: its sessions and what waits for them.</summary>
public sealed record SwarmSnapshot(string VaultId, double SpareBudget, int QueuedDemand, int QueuedReadAhead, IReadOnlyList<SessionHealth> Sessions);

/// <summary>Read side of every swarm in the process, for <c>/admin/swarm</c> and Prometheus.</summary>
public interface ISwarmMonitor
{
    IReadOnlyList<SwarmSnapshot> Snapshot();
}
