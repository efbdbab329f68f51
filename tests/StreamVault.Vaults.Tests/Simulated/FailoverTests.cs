using Microsoft.Extensions.Logging.Abstractions;
using StreamVault.Simulation;
using StreamVault.Vaults.Caching;

namespace StreamVault.Vaults.Tests.Simulated;

public sealed class FailoverTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Injected_faults_are_survived_with_byte_exact_output(int seed)
    {
        using var bed = new TestBed(new SimulatedTelegramOptions
        {
            Sessions = 4,
            Seed = seed,
            ErrorRate = 0.1,
            TimeoutRate = 0.05,
            DropRate = 0.05,
            ReferenceExpiredRate = 0.05,
            MaxPartSize = 4 * SliceMath.SliceSize,
            Swarm = new() { RequestTimeout = TimeSpan.FromSeconds(2), MaxAttempts = 8 },
        });
        var content = TestBed.RandomBytes((12 * SliceMath.SliceSize) + 100, seed);
        var media = bed.Put(1, content);

        var read = bed.Loop.Run(() => bed.ReadAsync(media, 0, content.Length));

        Assert.Equal(content, read);
        var counters = bed.Server.Counters;
        Assert.True(counters.FaultsInjected > 0, "faults were injected");
        Assert.True(counters.Requests > 13, "failed requests were retried");
        Assert.Equal(0, counters.FloodWaitsIssued);
        Assert.Equal(0, counters.ProtocolViolations);
    }

    [Fact]
    public void A_swarm_configured_above_the_servers_limit_is_punished_and_then_honours_every_ban()
    {
        // The client believes 30/s is fine; this server floods above 10/s. It must punish, and the client must then
        // stay away from each benched session until its ban is over.
        using var bed = new TestBed(new SimulatedTelegramOptions
        {
            Sessions = 2,
            FloodLimitPerSecond = 10,
            Swarm = new() { RequestsPerSecond = 30, Burst = 30 },
        });
        var content = TestBed.RandomBytes(40 * SliceMath.SliceSize, 41);
        var media = bed.Put(1, content);

        var read = bed.Loop.Run(() => Task.WhenAll(Enumerable.Range(0, 4).Select(i => bed.ReadAsync(media, i * 10L * SliceMath.SliceSize, 10L * SliceMath.SliceSize))));

        Assert.Equal(content, read.SelectMany(r => r).ToArray());
        var counters = bed.Server.Counters;
        Assert.True(counters.FloodWaitsIssued > 0, "the server punished the excess");
        Assert.Equal(0, counters.RequestsWhileBenched);
        Assert.All(bed.Vault.Swarm.Snapshot().Sessions, s => Assert.True(s.FloodWaits > 0));
    }

    [Fact]
    public void A_hanging_request_is_hedged_on_another_session_and_the_first_answer_wins()
    {
        using var bed = new TestBed(
            new SimulatedTelegramOptions { Sessions = 2, TimeoutRate = 0.3, Seed = 3, Swarm = new() { RequestTimeout = TimeSpan.FromSeconds(30) } },
            new SliceCacheOptions { CapacityBytes = 64L * SliceMath.SliceSize, MaxReadAheadSlices = 0 });
        var content = TestBed.RandomBytes(12 * SliceMath.SliceSize, 51);
        var media = bed.Put(1, content);

        var read = bed.Loop.Run(() => bed.ReadAsync(media, 0, content.Length));

        Assert.Equal(content, read);
        Assert.True(bed.Source.Stats.Hedges > 0, "hung requests were hedged");
        Assert.True(bed.Server.Counters.FaultsInjected > 0);
        Assert.Equal(12, bed.Counters.BackendFetches); // one stored slice per slice, however many tries
    }

    [Fact]
    public void A_hanging_fetch_is_not_hedged_while_its_player_still_has_the_time_buffered()
    {
        using var bed = new TestBed(
            new SimulatedTelegramOptions { Sessions = 2, TimeoutRate = 1, Swarm = new() { RequestTimeout = TimeSpan.FromSeconds(5), MaxAttempts = 1 } });
        var media = bed.Put(1, new byte[2 * SliceMath.SliceSize]);

        long HedgesFor(long due) => bed.Loop.Run(async () =>
        {
            var before = bed.Source.Stats.Hedges;
            var fetch = bed.Flights.Fetcher.FetchPooledAsync(media, 0, SliceMath.SliceSize, new SliceFetchTicket(SliceFetchPriority.Demand, due), CancellationToken.None);
            await Assert.ThrowsAsync<VaultUnavailableException>(() => fetch); // every request hangs until it times out
            return bed.Source.Stats.Hedges - before;
        });

        Assert.Equal(0, HedgesFor(bed.Loop.GetUtcNow().UtcTicks + TimeSpan.FromSeconds(20).Ticks));
        Assert.Equal(1, HedgesFor(0));
    }

    [Fact]
    public void A_reference_that_expired_is_refreshed_before_the_retry()
    {
        using var bed = new TestBed(new SimulatedTelegramOptions { Sessions = 1, ReferenceExpiredRate = 0.5, Seed = 9 });
        var content = TestBed.RandomBytes(10 * SliceMath.SliceSize, 9);
        var media = bed.Put(1, content);

        Assert.Equal(content, bed.Loop.Run(() => bed.ReadAsync(media, 0, content.Length)));
        Assert.True(bed.Server.Counters.Refreshes > 0);
    }

    [Fact]
    public void When_every_session_of_a_replica_fails_the_next_replica_serves()
    {
        using var bed = new TestBed(extraVault: time => new SimulatedTelegramVault(new SimulatedTelegramOptions { VaultId = "broken", Sessions = 2, ErrorRate = 1 }, time, NullLogger.Instance));
        var broken = (SimulatedTelegramVault)bed.Extra!;
        var content = TestBed.RandomBytes(3 * SliceMath.SliceSize, 5);
        var media = bed.Loop.Run(async () =>
        {
            var good = await bed.Vault.WriteAsync("m1", new MemoryStream(content), null, default);
            var bad = await broken.WriteAsync("m1", new MemoryStream(content), null, default);
            return new MediaObject(1, 1, content.Length, [new MediaReplica(bad.VaultId, bad.Parts), new MediaReplica(good.VaultId, good.Parts)]);
        });

        Assert.Equal(content, bed.Loop.Run(() => bed.ReadAsync(media, 0, content.Length)));
        Assert.True(broken.Server.Counters.Requests > 0);
    }
}
