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
    public void Invalid_options_are_reported_with_the_setting_named()
    {
        // The host validates once, before it registers the vault (see the server's configuration tests).
        var errors = new SimulatedTelegramOptions { MaxPartSize = 1000 }.Validate("StreamVault:SimulatedTelegram");

        Assert.Contains(errors, e => e.Contains("StreamVault:SimulatedTelegram:MaxPartSize", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_swarm_vault_of_another_backend_registers_through_the_public_helper()
    {
        var services = new ServiceCollection()
            .AddSwarmVault("other", sp => new OtherBackendVault(sp.GetRequiredService<TimeProvider>()))
            .AddSimulatedTelegramVault(new SimulatedTelegramOptions { Sessions = 2 });
        await using var provider = services.BuildServiceProvider();

        var registry = provider.GetRequiredService<IVaultRegistry>();
        Assert.Equal("other", registry.Default.Id); // the first registration names the default
        Assert.NotNull(registry.Find("telegram-sim"));
        Assert.Same(provider.GetRequiredService<OtherBackendVault>(), registry.Find("other"));
        Assert.Equal(["other", "telegram-sim"], provider.GetRequiredService<ISwarmMonitor>().Snapshot().Select(s => s.VaultId).Order());
        Assert.NotNull(provider.GetRequiredService<IMediaByteSource>());
    }

    /// <summary>A vault outside the Vaults assembly: one session that serves zeros, scheduled by a public swarm.</summary>
    private sealed class OtherBackendVault(TimeProvider time) : IVault, ISwarmOwner
    {
        public ISessionSwarm Swarm { get; } = SessionSwarms.Create("other", [new ZeroSession()], new SwarmOptions(), time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        public string Id => "other";

        public long MaxPartSize => long.MaxValue;

        public Task<StoredObject> WriteAsync(string key, Stream content, IProgress<long>? progress, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<int> ReadAsync(string locator, long offset, Memory<byte> destination, CancellationToken cancellationToken) => ValueTask.FromResult(0);

        public Task DeleteAsync(string locator, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class ZeroSession : ISliceBackendSession
    {
        public string Id => "zero";

        public int Dc => 1;

        public ValueTask<int> GetSliceAsync(string locator, long offset, Memory<byte> destination, CancellationToken cancellationToken)
        {
            destination.Span.Clear();
            return ValueTask.FromResult(destination.Length);
        }

        public ValueTask RefreshFileReferenceAsync(string locator, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
