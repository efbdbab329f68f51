using StreamVault.Simulation;
using StreamVault.Vaults.Caching;

namespace StreamVault.Vaults.Tests.Simulated;

public sealed class VirtualTimeLoopTests
{
    [Fact]
    public void Time_waits_for_continuations_that_hop_to_the_thread_pool()
    {
        // Production sources run their continuations asynchronously; WaitAsync's promise then completes on the thread
        // pool and posts back from there. A timer is due meanwhile: time must not jump to it while the hop is in flight.
        using var loop = new VirtualTimeLoop();
        var start = loop.GetUtcNow();
        var late = 0;
        loop.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using var cancellation = new CancellationTokenSource();
                var before = loop.GetUtcNow();
                var waiter = ObserveAsync(source.Task, cancellation.Token);
                var timer = Task.Delay(TimeSpan.FromSeconds(1), loop);
                source.SetResult();
                if (await waiter != before)
                {
                    late++;
                }

                await timer;
            }
        });

        Assert.Equal(0, late);
        Assert.Equal(start + TimeSpan.FromSeconds(200), loop.GetUtcNow());
        Assert.True(loop.ForeignPosts > 0, "the continuations did hop to the thread pool");

        async Task<DateTimeOffset> ObserveAsync(Task task, CancellationToken cancellationToken)
        {
            await task.WaitAsync(cancellationToken);
            return loop.GetUtcNow();
        }
    }

    [Fact]
    public void A_faulty_cached_run_is_the_same_every_time_for_its_seed()
    {
        // Hedging (WhenAny), single flight (WaitAsync) and retries all hop through the thread pool; the loop must still
        // replay the run request for request.
        var first = Run();
        var second = Run();

        Assert.Equal(first, second);
        Assert.True(first.Counters.FaultsInjected > 0);

        static (SimulatedTelegramCounters Counters, DateTimeOffset End, long Fetches, string Sessions) Run()
        {
            using var bed = new TestBed(
                new SimulatedTelegramOptions { Sessions = 3, TimeoutRate = 0.1, ErrorRate = 0.1, ReferenceExpiredRate = 0.05, Seed = 7, Swarm = new() { RequestTimeout = TimeSpan.FromSeconds(5) } },
                new SliceCacheOptions { CapacityBytes = 64L * SliceMath.SliceSize });
            var content = TestBed.RandomBytes(16 * SliceMath.SliceSize, 7);
            var media = bed.Put(1, content);
            using var cancellation = new CancellationTokenSource();
            var reads = bed.Loop.Run(() => Task.WhenAll(Enumerable.Range(0, 6).Select(i => bed.ReadAsync(media, i * SliceMath.SliceSize, 8L * SliceMath.SliceSize, cancellation.Token))));
            for (var i = 0; i < reads.Length; i++)
            {
                Assert.Equal(content.AsSpan(i * SliceMath.SliceSize, 8 * SliceMath.SliceSize).ToArray(), reads[i]);
            }

            var sessions = string.Join(",", bed.Server.RequestsBySession.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"));
            return (bed.Server.Counters, bed.Loop.GetUtcNow(), bed.Counters.BackendFetches, sessions);
        }
    }
}
