using StreamVault.Simulation;
using StreamVault.Vaults.Caching;

namespace StreamVault.Vaults.Tests.Caching;

public sealed class SingleFlightTests
{
    private static TestBed NoReadAhead() => new(
        new SimulatedTelegramOptions { Sessions = 2, MaxPartSize = 3 * SliceMath.SliceSize },
        new SliceCacheOptions { CapacityBytes = 64L * SliceMath.SliceSize, MaxReadAheadSlices = 0 });

    [Theory]
    [InlineData(2)]
    [InlineData(50)]
    public void Concurrent_readers_of_a_missing_slice_cost_one_backend_request(int readers)
    {
        using var bed = NoReadAhead();
        var content = TestBed.RandomBytes(2 * SliceMath.SliceSize, 11);
        var media = bed.Put(1, content);

        var results = bed.Loop.Run(() => Task.WhenAll(Enumerable.Range(0, readers).Select(i => bed.ReadAsync(media, 1000 + i, 5000))));

        Assert.Equal(1, bed.Server.Counters.Requests);
        for (var i = 0; i < readers; i++)
        {
            Assert.Equal(content.AsSpan(1000 + i, 5000).ToArray(), results[i]);
        }

        Assert.Equal(1, bed.Counters.BackendFetches);
        Assert.Equal(0, bed.Flights.InFlight);
    }

    [Fact]
    public void A_reader_who_disconnects_does_not_cancel_the_fetch_others_wait_on()
    {
        using var bed = NoReadAhead();
        var content = TestBed.RandomBytes(SliceMath.SliceSize, 12);
        var media = bed.Put(2, content);

        var (leaverCancelled, stayer) = bed.Loop.Run(async () =>
        {
            using var leaving = new CancellationTokenSource();
            var leaver = bed.ReadAsync(media, 0, 100, leaving.Token);
            var stayers = Enumerable.Range(0, 5).Select(_ => bed.ReadAsync(media, 0, SliceMath.SliceSize)).ToArray();
            await Task.Delay(TimeSpan.FromMilliseconds(10), bed.Loop); // the fetch is out, latency >= 80 ms
            leaving.Cancel(); // synchronous: CancelAsync would run callbacks off the virtual-time loop
            var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaver) is not null;
            return (cancelled, await Task.WhenAll(stayers));
        });

        Assert.True(leaverCancelled);
        Assert.All(stayer, bytes => Assert.Equal(content, bytes));
        Assert.Equal(1, bed.Server.Counters.Requests);
    }

    [Fact]
    public void A_lone_reader_who_leaves_while_the_fetch_is_queued_cancels_it()
    {
        // One request per second: the second slice's fetch waits in the queue when its only reader leaves.
        using var bed = new TestBed(
            new SimulatedTelegramOptions { Sessions = 1, Swarm = new() { RequestsPerSecond = 1, Burst = 1 } },
            new SliceCacheOptions { CapacityBytes = 64L * SliceMath.SliceSize, MaxReadAheadSlices = 0 });
        var media = bed.Put(3, TestBed.RandomBytes(2 * SliceMath.SliceSize, 13));

        bed.Loop.Run(async () =>
        {
            await bed.ReadAsync(media, 0, 10);
            using var leaving = new CancellationTokenSource();
            var reader = bed.ReadAsync(media, SliceMath.SliceSize, 10, leaving.Token);
            await Task.Delay(TimeSpan.FromMilliseconds(100), bed.Loop);
            leaving.Cancel(); // synchronous: CancelAsync would run callbacks off the virtual-time loop
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader);
            await Task.Delay(TimeSpan.FromSeconds(5), bed.Loop);
        });

        Assert.Equal(1, bed.Server.Counters.Requests);
        Assert.Equal(0, bed.Flights.InFlight);
    }
}
