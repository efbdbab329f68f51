namespace StreamVault.Vaults.Caching;

/// <summary>A fetched slice in a pooled buffer, read by every waiter of its flight; back to the pool on the last release.</summary>
internal sealed class SharedSlice(byte[] buffer, int length, int references)
{
    private int _references = references;

    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, length);

    public void AddRef() => Interlocked.Increment(ref _references);

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            SliceBufferPool.Shared.Return(buffer);
        }
    }
}

/// <summary>One reader's hold on a slice: the stored copy (read from the store), or a reference to a fetch's bytes.</summary>
internal readonly struct SliceLease : IDisposable
{
    private readonly SharedSlice? _shared;

    private SliceLease(SharedSlice? shared) => _shared = shared;

    /// <summary>The slice is in the store: copy it from there.</summary>
    public static SliceLease Stored => default;

    /// <summary>The fetched bytes, or null for a stored slice.</summary>
    public SharedSlice? Fetched => _shared;

    public static SliceLease FromShared(SharedSlice slice) => new(slice);

    public void Dispose() => _shared?.Release();
}

/// <summary>Counters of the cache; written with interlocked adds on the hot path.</summary>
internal sealed class CacheCounters
{
    private long _hits;
    private long _misses;
    private long _bytesServed;
    private long _backendFetches;
    private long _readAheadFetches;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public long BytesServed => Interlocked.Read(ref _bytesServed);

    public long BackendFetches => Interlocked.Read(ref _backendFetches);

    public long ReadAheadFetches => Interlocked.Read(ref _readAheadFetches);

    public void Hit() => Interlocked.Increment(ref _hits);

    public void Miss() => Interlocked.Increment(ref _misses);

    public void Served(long bytes) => Interlocked.Add(ref _bytesServed, bytes);

    public void Fetched(bool readAhead)
    {
        Interlocked.Increment(ref _backendFetches);
        if (readAhead)
        {
            Interlocked.Increment(ref _readAheadFetches);
        }
    }
}
