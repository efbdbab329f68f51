namespace StreamVault.Vaults.Swarm;

/// <summary>A backend session with its budget and health, as the swarm tracks it. Mutated only under the swarm's lock.</summary>
internal sealed class SwarmSession(ISliceBackendSession backend, RequestGate gate)
{
    public ISliceBackendSession Backend { get; } = backend;

    public RequestGate Gate { get; } = gate;

    public string Id => Backend.Id;

    public int Dc => Backend.Dc;

    public int InFlight { get; set; }

    /// <summary>UTC ticks before which the session must not send (FLOOD_WAIT); never shortened.</summary>
    public long BenchedUntil { get; private set; }

    public long FailingUntil { get; private set; }

    public int ConsecutiveFailures { get; private set; }

    public long Requests { get; set; }

    public long FloodWaits { get; private set; }

    public long Failures { get; private set; }

    public SessionState State(long now) =>
        now < BenchedUntil ? SessionState.Benched
        : now < FailingUntil ? SessionState.Failing
        : SessionState.Healthy;

    /// <summary>The earliest tick at which the session may be used again, ignoring its budget.</summary>
    public long AvailableAt => Math.Max(BenchedUntil, FailingUntil);

    public void Bench(long until)
    {
        FloodWaits++;
        BenchedUntil = Math.Max(BenchedUntil, until);
    }

    public void Succeeded() => ConsecutiveFailures = 0;

    public void Failed(long now, int failuresBeforeFailing, TimeSpan cooldown)
    {
        Failures++;
        ConsecutiveFailures++;
        if (ConsecutiveFailures >= failuresBeforeFailing)
        {
            FailingUntil = now + cooldown.Ticks;
            ConsecutiveFailures = 0;
        }
    }
}
