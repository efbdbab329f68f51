namespace StreamVault.Vaults.Caching;

public enum SliceEvictionPolicy
{
    /// <summary>Plain least-recently-used by bytes.</summary>
    Lru,

    /// <summary>Segmented LRU: slices read twice move to a protected segment that one-off scans cannot flush.</summary>
    SegmentedLru,
}

/// <summary>Options of the disk slice cache.</summary>
public sealed record SliceCacheOptions
{
    /// <summary>Folder for slice files; created if missing. Survives restarts.</summary>
    public string Root { get; init; } = "cache/slices";

    /// <summary>Bytes of slice payload kept on disk before eviction.</summary>
    public long CapacityBytes { get; init; } = 20L * 1024 * 1024 * 1024;

    /// <summary>SegmentedLru by default: see <see cref="SliceIndex"/> for the simulation behind the choice.</summary>
    public SliceEvictionPolicy Eviction { get; init; } = SliceEvictionPolicy.SegmentedLru;

    /// <summary>Share of the capacity the protected segment may hold (SegmentedLru only).</summary>
    public double ProtectedFraction { get; init; } = 0.8;

    /// <summary>Seconds of playback the read-ahead tries to keep fetched ahead of a sequential reader.</summary>
    public double ReadAheadSeconds { get; init; } = 6;

    /// <summary>Seconds of media a player gathers before it starts (or resumes after a seek). Read-ahead inside them
    /// is due at once, as the start itself is; later slices are due as playback from then reaches them.</summary>
    public double StartupBufferSeconds { get; init; } = 3;

    /// <summary>Most slices fetched ahead of one reader.</summary>
    public int MaxReadAheadSlices { get; init; } = 24;

    /// <summary>How long the read-ahead of a finished bounded range request waits for a request that continues where
    /// it ended (players that read in bounded ranges); zero turns it off.</summary>
    public TimeSpan SequentialGap { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A demand fetch unanswered this long is asked a second time (first answer wins); zero disables.
    /// Well above a healthy getFile round trip, well below the request timeout.</summary>
    public TimeSpan HedgeAfter { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Flush slice files to the device before the rename. Off only in simulations.</summary>
    public bool FlushToDisk { get; init; } = true;

    public IReadOnlyList<string> Validate(string prefix)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Root))
        {
            errors.Add($"{prefix}:Root must name a folder for slice files.");
        }

        if (CapacityBytes < SliceMath.SliceSize * 4L)
        {
            errors.Add($"{prefix}:CapacityBytes must hold at least 4 slices ({SliceMath.SliceSize * 4L} bytes); use e.g. 21474836480 for 20 GiB.");
        }

        if (ProtectedFraction is < 0 or >= 1)
        {
            errors.Add($"{prefix}:ProtectedFraction must be in [0, 1).");
        }

        if (SequentialGap < TimeSpan.Zero)
        {
            errors.Add($"{prefix}:SequentialGap must not be negative; e.g. 00:00:05, or 00:00:00 to turn it off.");
        }

        if (ReadAheadSeconds < 0 || MaxReadAheadSlices < 0 || StartupBufferSeconds < 0)
        {
            errors.Add($"{prefix}:ReadAheadSeconds, MaxReadAheadSlices and StartupBufferSeconds must not be negative.");
        }

        return errors;
    }
}

/// <summary>Counters of the slice cache since start.</summary>
public sealed record SliceCacheStats(
    long Hits,
    long Misses,
    long BytesServed,
    long Evictions,
    long BackendFetches,
    long ReadAheadFetches,
    long SlicesStored,
    long BytesStored,
    long CapacityBytes,
    long Hedges = 0)
{
    public double HitRatio => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);
}

/// <summary>What the server needs of the slice cache besides bytes: counters and takedown.</summary>
public interface ISliceCache
{
    SliceCacheStats Stats { get; }

    /// <summary>Deletes every cached slice of a media file, all versions, and keeps fetches already in flight from
    /// storing theirs. When it returns, the cache serves no byte of it. Returns the slices and bytes it dropped.</summary>
    Task<PurgeCount> PurgeAsync(long mediaFileId, CancellationToken cancellationToken);
}

/// <summary>What a purge removed from one layer: items (slices, files, cache entries) and their bytes.</summary>
public readonly record struct PurgeCount(int Items, long Bytes)
{
    public static PurgeCount operator +(PurgeCount a, PurgeCount b) => new(a.Items + b.Items, a.Bytes + b.Bytes);

    public static PurgeCount Add(PurgeCount a, PurgeCount b) => a + b;
}

/// <summary>Slice arithmetic: 1 MiB everywhere, because Telegram's upload.getFile never crosses a 1 MiB boundary.
/// <see cref="SliceSize"/> is the one declaration on the StreamVault side (vaults, swarm, cache, simulation); the MTProto
/// library keeps its own protocol constant, <c>FileParts.MaxDownloadChunk</c>, as it knows nothing of StreamVault.</summary>
public static class SliceMath
{
    public const int SliceSize = 1024 * 1024;

    /// <summary>
    /// Bytes handed to the response pipe per flush. With the response window (<c>ResponseWindow</c> in the server) this
    /// bounds what one slow viewer holds: a window plus one chunk, instead of a 1 MiB slice.
    /// </summary>
    public const int WriteChunk = 16 * 1024;

    public static int SliceCount(long length) => (int)((length + SliceSize - 1) / SliceSize);

    public static int SliceLength(long mediaLength, int index) => (int)Math.Min(SliceSize, mediaLength - ((long)index * SliceSize));
}

/// <summary>Cache identity of one slice: media file, content version, index.</summary>
internal readonly record struct SliceKey(long MediaFileId, int Version, int Index)
{
    public static SliceKey For(MediaObject media, int index) => new(media.MediaFileId, media.ContentVersion, index);
}
