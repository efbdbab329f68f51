using Microsoft.Extensions.Time.Testing;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Vaults.Tests.Swarm;

public sealed class RequestGateTests
{
    [Theory]
    [InlineData(1, 30, 10, 0)]
    [InlineData(2, 30, 30, 0)]
    [InlineData(3, 30, 60, 0)]
    [InlineData(4, 5, 1, 0)]
    [InlineData(5, 30, 10, 100)]
    [InlineData(6, 30, 60, 250)]
    public void Never_grants_more_than_the_window_limit_in_any_sliding_second_plus_the_margin(int seed, int rate, int burst, int marginMs)
    {
        var time = new FakeTimeProvider();
        var margin = TimeSpan.FromMilliseconds(marginMs);
        var gate = new RequestGate(rate, burst, rate, time.GetUtcNow().UtcTicks, windowMargin: margin);
        var random = new Random(seed);
        var grants = new List<long>();
        for (var step = 0; step < 20_000; step++)
        {
            var now = time.GetUtcNow().UtcTicks;
            if (gate.DelayTicks(now, reserve: random.Next(3) == 0 ? 2 : 0) == 0)
            {
                gate.Take(now);
                grants.Add(now);
            }

            time.Advance(TimeSpan.FromTicks(random.Next(0, 3) == 0 ? 0 : random.Next(1, 200_000)));
        }

        var start = 0;
        for (var end = 0; end < grants.Count; end++)
        {
            while (grants[start] <= grants[end] - TimeSpan.TicksPerSecond - margin.Ticks)
            {
                start++;
            }

            Assert.True(end - start + 1 <= rate, $"{end - start + 1} grants in one second and {marginMs} ms");
        }

        // and it is not a trivially closed gate: over the run it used most of the budget
        var seconds = (grants[^1] - grants[0]) / (double)TimeSpan.TicksPerSecond;
        Assert.True(grants.Count > seconds * rate * 0.5);
    }

    [Fact]
    public void A_grant_delayed_by_less_than_the_margin_cannot_crowd_the_servers_second()
    {
        // The server counts arrivals. Grants leave on time, the first one arrives 90 ms late: with a bare one-second
        // window the 31st grant reaches the server inside the first one's second.
        var time = new FakeTimeProvider();
        var late = TimeSpan.FromMilliseconds(90).Ticks;
        foreach (var (margin, expectCrowding) in new[] { (TimeSpan.Zero, true), (TimeSpan.FromMilliseconds(100), false) })
        {
            var gate = new RequestGate(30, 1, 30, time.GetUtcNow().UtcTicks, windowMargin: margin);
            var arrivals = new List<long>();
            for (var i = 0; i < 200; i++)
            {
                var now = time.GetUtcNow().UtcTicks;
                var delay = gate.DelayTicks(now, 0);
                if (delay > 0)
                {
                    time.Advance(TimeSpan.FromTicks(delay));
                    now = time.GetUtcNow().UtcTicks;
                }

                gate.Take(now);
                arrivals.Add(now + (i == 0 ? late : 0));
            }

            arrivals.Sort();
            var crowded = arrivals.Select((a, i) => arrivals.Skip(i).TakeWhile(b => b < a + TimeSpan.TicksPerSecond).Count()).Max() > 30;
            Assert.Equal(expectCrowding, crowded);
            time.Advance(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public void Burst_is_spent_at_once_then_refills_at_the_rate()
    {
        var time = new FakeTimeProvider();
        var gate = new RequestGate(10, 5, 100, time.GetUtcNow().UtcTicks);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(0, gate.DelayTicks(time.GetUtcNow().UtcTicks, 0));
            gate.Take(time.GetUtcNow().UtcTicks);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(100).Ticks, gate.DelayTicks(time.GetUtcNow().UtcTicks, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(300).Ticks, gate.DelayTicks(time.GetUtcNow().UtcTicks, 2));
    }

    [Fact]
    public void A_flood_wait_lowers_rate_and_window_to_below_what_was_sent_and_calm_gives_it_back_in_tenths()
    {
        var time = new FakeTimeProvider();
        long Now() => time.GetUtcNow().UtcTicks;
        var gate = new RequestGate(30, 10, 30, Now(), floodBackoff: 0.7, floodRecovery: TimeSpan.FromMinutes(5));
        for (var i = 0; i < 20; i++)
        {
            gate.Take(Now());
            time.Advance(TimeSpan.FromMilliseconds(40));
        }

        gate.SlowDown(Now()); // 20 sent in the last second earned FLOOD_WAIT
        Assert.Equal(14, gate.RequestsPerSecond(Now()), 6);
        Assert.Equal(14, gate.WindowLimit);

        time.Advance(TimeSpan.FromMinutes(4.9));
        Assert.Equal(14, gate.RequestsPerSecond(Now()), 6);
        time.Advance(TimeSpan.FromMinutes(0.2));
        Assert.Equal(17, gate.RequestsPerSecond(Now()), 6); // a tenth of the configured 30 back after 5 calm minutes
        Assert.Equal(17, gate.WindowLimit);
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(30, gate.RequestsPerSecond(Now()), 6); // never above what was configured
        Assert.Equal(30, gate.WindowLimit);

        for (var i = 0; i < 20; i++)
        {
            gate.SlowDown(Now()); // a flood with nothing sent still leaves one request a second
        }

        Assert.Equal(1, gate.RequestsPerSecond(Now()), 6);
        Assert.Equal(1, gate.WindowLimit);
    }

    [Fact]
    public void Without_backoff_a_flood_wait_leaves_the_budget_as_configured()
    {
        var time = new FakeTimeProvider();
        var gate = new RequestGate(30, 10, 30, time.GetUtcNow().UtcTicks, floodBackoff: 1, floodRecovery: TimeSpan.FromMinutes(5));
        gate.Take(time.GetUtcNow().UtcTicks);
        gate.SlowDown(time.GetUtcNow().UtcTicks);
        Assert.Equal(30, gate.RequestsPerSecond(time.GetUtcNow().UtcTicks), 6);
        Assert.Equal(30, gate.WindowLimit);
    }
}
