using System.IO.Pipelines;
using Microsoft.Extensions.Logging.Abstractions;
using StreamVault.Simulation;
using StreamVault.Vaults.Caching;

namespace StreamVault.Vaults.Tests;

/// <summary>A simulated Telegram vault, a registry and the cached byte path over a memory store, on virtual time.</summary>
internal sealed class TestBed : IDisposable
{
    public TestBed(SimulatedTelegramOptions? options = null, SliceCacheOptions? cache = null, ISliceStore? store = null, Func<TimeProvider, IVault>? extraVault = null)
    {
        Loop = new VirtualTimeLoop();
        Options = options ?? new SimulatedTelegramOptions { Sessions = 2, MaxPartSize = 3 * SliceMath.SliceSize };
        Vault = new SimulatedTelegramVault(Options, Loop, NullLogger.Instance);
        Extra = extraVault?.Invoke(Loop);
        Registry = new VaultRegistry(Extra is null ? [Vault] : [Vault, Extra], Vault.Id);
        CacheOptions = cache ?? new SliceCacheOptions { CapacityBytes = 64L * SliceMath.SliceSize };
        Store = store ?? new MemorySliceStore(CacheOptions);
        Counters = new CacheCounters();
        Flights = new SliceFlights(Store, new SliceFetcher(Registry, NullLogger.Instance, Loop, CacheOptions.HedgeAfter), Counters, NullLogger.Instance);
        Source = new SliceCachedByteSource(
            new DirectByteSource(Registry, NullLogger<DirectByteSource>.Instance),
            Registry,
            Flights,
            Counters,
            CacheOptions,
            Loop);
    }

    public VirtualTimeLoop Loop { get; }

    public IVault? Extra { get; }

    public SimulatedTelegramOptions Options { get; }

    public SimulatedTelegramVault Vault { get; }

    public VaultRegistry Registry { get; }

    public SliceCacheOptions CacheOptions { get; }

    public ISliceStore Store { get; }

    public CacheCounters Counters { get; }

    public SliceFlights Flights { get; }

    public SliceCachedByteSource Source { get; }

    public SimulatedTelegramServer Server => Vault.Server;

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Stores <paramref name="content"/> in <paramref name="vault"/> and describes it as media.</summary>
    public static async Task<MediaObject> StoreAsync(IVault vault, long mediaFileId, byte[] content, params (IVault Vault, StoredObject Stored)[] more)
    {
        var stored = await vault.WriteAsync($"m{mediaFileId}", new MemoryStream(content), null, CancellationToken.None);
        var replicas = new List<MediaReplica> { new(stored.VaultId, stored.Parts) };
        replicas.AddRange(more.Select(m => new MediaReplica(m.Stored.VaultId, m.Stored.Parts)));
        return new MediaObject(mediaFileId, 1, content.Length, replicas);
    }

    public MediaObject Put(long mediaFileId, byte[] content) =>
        Loop.Run(() => StoreAsync(Vault, mediaFileId, content));

    public async Task<byte[]> ReadAsync(MediaObject media, long offset, long count, CancellationToken cancellationToken = default)
    {
        using var destination = new MemoryStream();
        await CopyAsync(Source, media, offset, count, destination, cancellationToken);
        return destination.ToArray();
    }

    /// <summary>Copies a range into <paramref name="destination"/> through a pipe, as the response does; each flush
    /// reaches the stream as one write, so a stream can see the chunking.</summary>
    public static async Task CopyAsync(IMediaByteSource source, MediaObject media, long offset, long count, Stream destination, CancellationToken cancellationToken = default)
    {
        var pipe = PipeTo(destination);
        await source.CopyRangeAsync(media, offset, count, pipe, cancellationToken);
        await pipe.FlushAsync(cancellationToken);
    }

    public static PipeWriter PipeTo(Stream destination) => new StreamFlushWriter(destination);

    public void Dispose()
    {
        Source.Dispose();
        Vault.Dispose();
        (Extra as IDisposable)?.Dispose();
        Loop.Dispose();
    }
}
