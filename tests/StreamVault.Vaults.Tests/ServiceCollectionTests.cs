using Microsoft.Extensions.DependencyInjection;
using StreamVault.Simulation;
using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Local;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Vaults.Tests;

public sealed class ServiceCollectionTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sv-di-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_cache_decorates_remote_vaults_and_local_media_keep_the_direct_path()
    {
        var services = new ServiceCollection()
            .AddLocalVault(new LocalFolderVaultOptions(Path.Combine(_root, "vault")))
            .AddSimulatedTelegramVault(new SimulatedTelegramOptions { Sessions = 2, LatencyMin = TimeSpan.Zero, LatencyMax = TimeSpan.FromMilliseconds(5) })
            .AddSliceCache(new SliceCacheOptions { Root = Path.Combine(_root, "cache"), CapacityBytes = 16L * SliceMath.SliceSize, FlushToDisk = false });
        await using var provider = services.BuildServiceProvider();

        var source = provider.GetRequiredService<IMediaByteSource>();
        var cache = provider.GetRequiredService<ISliceCache>();
        var registry = provider.GetRequiredService<IVaultRegistry>();
        Assert.IsType<SliceCachedByteSource>(source);
        Assert.Same(source, cache);
        Assert.Equal("local", registry.Default.Id);

        var content = TestBed.RandomBytes((2 * SliceMath.SliceSize) + 5, 77);
        var remote = await TestBed.StoreAsync(registry.Find("telegram-sim")!, 1, content);
        var local = await TestBed.StoreAsync(registry.Default, 2, content);
        foreach (var media in new[] { remote, local, remote })
        {
            using var destination = new MemoryStream();
            await TestBed.CopyAsync(source, media, 3, content.Length - 3, destination);
            Assert.Equal(content[3..], destination.ToArray());
        }

        var stats = cache.Stats;
        Assert.Equal(3, stats.SlicesStored);
        Assert.Equal(3, stats.BackendFetches); // local media never touch the cache; the second remote pass is all hits
        Assert.Equal(6, stats.Hits + stats.Misses);
        Assert.True(stats.Hits >= 3);
        var swarm = Assert.Single(provider.GetRequiredService<ISwarmMonitor>().Snapshot());
        Assert.Equal(2, swarm.Sessions.Count);

        await cache.PurgeAsync(1, default);
        Assert.Equal(0, cache.Stats.SlicesStored);
    }

    [Fact]
    public void Invalid_options_fail_at_registration_with_the_setting_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection()
            .AddSimulatedTelegramVault(new SimulatedTelegramOptions { MaxPartSize = 1000 }));
        Assert.Contains("StreamVault:SimulatedTelegram:MaxPartSize", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
