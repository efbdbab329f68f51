using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Metrics;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Vaults.Tests.Metrics;

public sealed class VaultMetricsTests
{
    private sealed class FixedCache : ISliceCache
    {
        public SliceCacheStats Stats { get; } = new(7, 3, 4096, 2, 3, 1, 5, 5 * 1024, 1 << 30);

        public Task<PurgeCount> PurgeAsync(long mediaFileId, CancellationToken cancellationToken) => Task.FromResult(default(PurgeCount));
    }

    private sealed class FixedSwarm : ISwarmMonitor
    {
        public IReadOnlyList<SwarmSnapshot> Snapshot() =>
        [
            new SwarmSnapshot("tg", 0.25, 2, 5, [new SessionHealth("tg/s0", 2, SessionState.Benched, DateTimeOffset.UnixEpoch, 1.5, 21, 30, 4, 100, 1, 2)]),
        ];
    }

    [Fact]
    public async Task Scrapes_show_cache_counters_and_session_health()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        VaultMetrics.Register(registry, new FixedCache(), new FixedSwarm());

        using var output = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(output);
        var text = System.Text.Encoding.UTF8.GetString(output.ToArray());

        Assert.Contains("streamvault_slice_cache_events_total{event=\"hit\"} 7", text, StringComparison.Ordinal);
        Assert.Contains("streamvault_swarm_session_state{vault=\"tg\",session=\"tg/s0\",dc=\"2\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("streamvault_swarm_session_rate{vault=\"tg\",session=\"tg/s0\",dc=\"2\"} 21", text, StringComparison.Ordinal);
        Assert.Contains("streamvault_swarm_session_flood_waits_total{vault=\"tg\",session=\"tg/s0\",dc=\"2\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("streamvault_swarm_queued{vault=\"tg\",priority=\"read_ahead\"} 5", text, StringComparison.Ordinal);
    }
}
