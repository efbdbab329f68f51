using Microsoft.Extensions.Logging.Abstractions;
using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Simulated;

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
        Assert.Equal(0, bed.Loop.ForeignPosts);
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
