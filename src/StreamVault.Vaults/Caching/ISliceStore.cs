using System.IO.Pipelines;

namespace StreamVault.Vaults.Caching;

/// <summary>Where slices rest: on disk in production, in memory for simulations. Thread-safe.</summary>
internal interface ISliceStore
{
    bool Contains(SliceKey key);

    /// <summary>
    /// Writes bytes [<paramref name="from"/>, <paramref name="to"/>) of a stored slice of <paramref name="length"/>
    /// bytes to <paramref name="destination"/> in small flushed chunks, and returns how many it wrote. Fewer than asked means
    /// the slice was missing, short, torn, corrupt or unreadable: it is dropped, and the caller fetches the rest.
    /// A missing or corrupt slice is found before the first byte is written.
    /// </summary>
    ValueTask<int> CopyToAsync(SliceKey key, int length, int from, int to, PipeWriter destination, CancellationToken cancellationToken);

    /// <summary>Stores a slice unless its media file was purged after <paramref name="generation"/> was taken.</summary>
    ValueTask WriteAsync(SliceKey key, ReadOnlyMemory<byte> data, long generation, CancellationToken cancellationToken);

    /// <summary>The purge generation to pass to <see cref="WriteAsync"/> for a fetch starting now.</summary>
    long Generation { get; }

    /// <summary>Deletes all slices of a media file; returns how many were dropped.</summary>
    int Purge(long mediaFileId);

    /// <summary>Deletes all slices of a media file; returns how many were dropped and their bytes (for takedown reports).</summary>
    PurgeCount PurgeCounted(long mediaFileId);

    long Evictions { get; }

    long Count { get; }

    long Bytes { get; }
}

/// <summary>Index, eviction and purge bookkeeping shared by the stores; subclasses only move bytes.</summary>
internal abstract class SliceStoreBase : ISliceStore
{
    private readonly Dictionary<long, long> _purgedAt = [];
    private long _generation;
    private long _evictions;

    protected SliceStoreBase(SliceCacheOptions options)
    {
        Index = new SliceIndex(options.CapacityBytes, options.Eviction == SliceEvictionPolicy.SegmentedLru ? options.ProtectedFraction : 0);
    }

    protected Lock Sync { get; } = new();

    protected SliceIndex Index { get; }

    public long Generation
    {
        get
        {
            lock (Sync)
            {
                return _generation;
            }
        }
    }

    public long Evictions => Interlocked.Read(ref _evictions);

    public long Count
    {
        get
        {
            lock (Sync)
            {
                return Index.Count;
            }
        }
    }

    public long Bytes
    {
        get
        {
            lock (Sync)
            {
                return Index.Bytes;
            }
        }
    }

    public bool Contains(SliceKey key)
    {
        lock (Sync)
        {
            return Index.Contains(key);
        }
    }

    public abstract ValueTask<int> CopyToAsync(SliceKey key, int length, int from, int to, PipeWriter destination, CancellationToken cancellationToken);

    public abstract ValueTask WriteAsync(SliceKey key, ReadOnlyMemory<byte> data, long generation, CancellationToken cancellationToken);

    public int Purge(long mediaFileId) => PurgeCounted(mediaFileId).Items;

    public PurgeCount PurgeCounted(long mediaFileId)
    {
        List<SliceKey> victims;
        long bytes;
        lock (Sync)
        {
            _purgedAt[mediaFileId] = ++_generation;
            victims = [.. Index.Keys.Where(k => k.MediaFileId == mediaFileId)];
            var before = Index.Bytes;
            foreach (var key in victims)
            {
                Index.Remove(key);
            }

            bytes = before - Index.Bytes;
        }

        foreach (var key in victims)
        {
            Drop(key);
        }

        DropMedia(mediaFileId);
        return new PurgeCount(victims.Count, bytes);
    }

    /// <summary>Registers a stored slice and evicts what no longer fits; false when a purge overtook the write.</summary>
    protected bool Admit(SliceKey key, long size, long generation)
    {
        List<SliceKey> victims;
        lock (Sync)
        {
            if (_purgedAt.TryGetValue(key.MediaFileId, out var purged) && purged > generation)
            {
                return false;
            }

            Index.Add(key, size);
            victims = Index.EvictOverCapacity();
        }

        Interlocked.Add(ref _evictions, victims.Count);
        foreach (var victim in victims)
        {
            Drop(victim);
        }

        return true;
    }

    /// <summary>Records a hit; false when the slice was evicted or purged meanwhile.</summary>
    protected bool Touch(SliceKey key)
    {
        lock (Sync)
        {
            return Index.Touch(key);
        }
    }

    /// <summary>Forgets a slice found damaged.</summary>
    protected void Forget(SliceKey key)
    {
        lock (Sync)
        {
            Index.Remove(key);
        }

        Drop(key);
    }

    /// <summary>Deletes the bytes of one slice already removed from the index.</summary>
    protected abstract void Drop(SliceKey key);

    /// <summary>Deletes leftovers of a purged media file (folders).</summary>
    protected virtual void DropMedia(long mediaFileId)
    {
    }
}
