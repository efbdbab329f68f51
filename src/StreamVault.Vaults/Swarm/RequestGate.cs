namespace StreamVault.Vaults.Swarm;

/// <summary>
/// The budget of one session: a token bucket (rate, burst) plus a sliding-window guard. The bucket smooths demand;
/// the guard makes "never more than N requests in any second" exact, which the bucket alone does not (a full bucket
/// plus a second of refill is Burst + Rate requests). Times are <see cref="TimeProvider"/> UTC ticks. Not thread-safe:
/// the swarm calls it under its lock.
/// </summary>
internal sealed class RequestGate
{
    private const double Epsilon = 1e-9;
    private readonly double _ratePerTick;
    private readonly double _burst;
    private readonly long[] _grants;
    private double _tokens;
    private long _stamp;
    private int _next;
    private int _filled;

    public RequestGate(double ratePerSecond, int burst, int windowLimit, long nowTicks)
    {
        _ratePerTick = ratePerSecond / TimeSpan.TicksPerSecond;
        _burst = burst;
        _tokens = burst;
        _stamp = nowTicks;
        _grants = new long[Math.Max(1, windowLimit)];
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
        var limit = Math.Max(1, _grants.Length - reserve);
        long windowWait = 0;
        if (_filled >= limit)
        {
            // The limit-th most recent grant must have left the window (now - 1 s, now].
            var oldest = _grants[(_next - limit + _grants.Length) % _grants.Length];
            windowWait = Math.Max(0, oldest + TimeSpan.TicksPerSecond - now);
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

    public int WindowLimit => _grants.Length;

    private void Refill(long now)
    {
        if (now > _stamp)
        {
            _tokens = Math.Min(_burst, _tokens + ((now - _stamp) * _ratePerTick));
            _stamp = now;
        }
    }
}
