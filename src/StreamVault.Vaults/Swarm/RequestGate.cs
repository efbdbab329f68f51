namespace StreamVault.Vaults.Swarm;

/// <summary>
/// The budget of one session: a token bucket (rate, burst) plus a sliding-window guard. The bucket smooths demand;
/// the guard makes "never more than N requests in any second" exact, which the bucket alone does not (a full bucket
/// plus a second of refill is Burst + Rate requests).
/// The budget adapts to the server: a FLOOD_WAIT means Telegram grants this session less than it was sent, so the rate
/// drops to <see cref="SwarmOptions.FloodBackoff"/> of what the session actually sent in the last second (or of its
/// rate, if lower), and the window with it; each calm <see cref="SwarmOptions.FloodRecovery"/> gives back a tenth of
/// the configured rate. Without it a session configured above its real limit is benched again after every bench, and
/// Telegram lengthens the waits of repeat offenders.
/// The guard's window is one second plus <see cref="SwarmOptions.WindowMargin"/>: the server counts a request when it
/// arrives, the gate when it leaves, and the time between varies (a thread descheduled between grant and send, network
/// jitter). A request delayed by d moves d closer to the next second's requests; with exactly one second, a late first
/// grant and a prompt thirty-first land in one server second — the real-time FLOOD_WAIT.
/// Times are <see cref="TimeProvider"/> UTC ticks. Not thread-safe: the swarm calls it under its lock.
/// </summary>
internal sealed class RequestGate
{
    private const double Epsilon = 1e-9;
    private const double MinimumRatePerSecond = 1;
    private readonly double _maxRatePerTick;
    private readonly double _burst;
    private readonly long[] _grants;
    private readonly double _backoff;
    private readonly long _recoveryTicks;
    private readonly long _windowTicks;
    private double _ratePerTick;
    private int _windowLimit;
    private double _tokens;
    private long _stamp;
    private long _calmSince;
    private int _next;
    private int _filled;

    public RequestGate(double ratePerSecond, int burst, int windowLimit, long nowTicks, double floodBackoff = 1, TimeSpan floodRecovery = default, TimeSpan windowMargin = default)
    {
        _windowTicks = TimeSpan.TicksPerSecond + windowMargin.Ticks;
        _maxRatePerTick = _ratePerTick = ratePerSecond / TimeSpan.TicksPerSecond;
        _burst = burst;
        _tokens = burst;
        _stamp = nowTicks;
        _grants = new long[Math.Max(1, windowLimit)];
        _windowLimit = _grants.Length;
        _backoff = floodBackoff;
        _recoveryTicks = floodRecovery.Ticks;
    }

    /// <summary>The sustained rate the session may use now: the configured one unless FLOOD_WAITs lowered it.</summary>
    public double RequestsPerSecond(long now)
    {
        Refill(now);
        return _ratePerTick * TimeSpan.TicksPerSecond;
    }

    public double Tokens(long now)
    {
        Refill(now);
        return _tokens;
    }

    /// <summary>Ticks until a request may be sent while keeping <paramref name="reserve"/> tokens and window slots; 0 = now.</summary>
    public long DelayTicks(long now, int reserve)
    {
        Refill(now);
        var need = 1 + Math.Min(reserve, _burst - 1);
        var tokenWait = _tokens + Epsilon >= need ? 0 : (long)Math.Ceiling((need - _tokens) / _ratePerTick);
        var limit = Math.Max(1, _windowLimit - reserve);
        long windowWait = 0;
        if (_filled >= limit)
        {
            // The limit-th most recent grant must have left the window (now - 1 s - margin, now].
            var oldest = _grants[(_next - limit + _grants.Length) % _grants.Length];
            windowWait = Math.Max(0, oldest + _windowTicks - now);
        }

        return Math.Max(tokenWait, windowWait);
    }

    public void Take(long now)
    {
        Refill(now);
        _tokens -= 1;
        _grants[_next] = now;
        _next = (_next + 1) % _grants.Length;
        _filled = Math.Min(_filled + 1, _grants.Length);
    }

    /// <summary>The server answered FLOOD_WAIT: ask less of it from now on.</summary>
    public void SlowDown(long now)
    {
        Refill(now);
        _calmSince = now;
        if (_backoff < 1)
        {
            var sent = Math.Max(1, GrantsInLastSecond(now)) / (double)TimeSpan.TicksPerSecond;
            SetRate(Math.Max(MinimumRatePerSecond / TimeSpan.TicksPerSecond, Math.Min(_ratePerTick, sent) * _backoff));
        }
    }

    public int GrantsInLastSecond(long now)
    {
        var count = 0;
        for (var i = 1; i <= _filled; i++)
        {
            if (_grants[(_next - i + _grants.Length) % _grants.Length] > now - TimeSpan.TicksPerSecond)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Requests allowed in any sliding second (plus the margin) now.</summary>
    public int WindowLimit => _windowLimit;

    private void Refill(long now)
    {
        if (now <= _stamp)
        {
            return;
        }

        _tokens = Math.Min(_burst, _tokens + ((now - _stamp) * _ratePerTick));
        _stamp = now;
        if (_ratePerTick < _maxRatePerTick && _recoveryTicks > 0 && now - _calmSince >= _recoveryTicks)
        {
            var steps = (now - _calmSince) / _recoveryTicks;
            _calmSince += steps * _recoveryTicks;
            SetRate(Math.Min(_maxRatePerTick, _ratePerTick + (steps * _maxRatePerTick / 10)));
        }
    }

    private void SetRate(double ratePerTick)
    {
        _ratePerTick = ratePerTick;
        // The window shrinks with the rate (never below one request), so a burst cannot undo the slowdown.
        _windowLimit = Math.Max(1, (int)Math.Floor(_grants.Length * (_ratePerTick / _maxRatePerTick) + Epsilon));
    }
}
