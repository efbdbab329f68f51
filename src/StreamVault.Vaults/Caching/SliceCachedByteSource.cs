namespace StreamVault.Vaults.Caching;

/// <summary>
/// The byte path for remote vaults: a range is split into 1 MiB slices; hits come from the disk store, misses from a
/// single-flight fetch, with read-ahead for the slices that follow; exactly the asked bytes are written. Media with a
/// local-folder replica go to the inner (direct) source, which can use the file as it is.
/// </summary>
internal sealed class SliceCachedByteSource(
    IMediaByteSource inner,
    IVaultRegistry vaults,
    SliceFlights flights,
    CacheCounters counters,
    SliceCacheOptions options,
    TimeProvider time) : IMediaByteSource, ISliceCache
{
    private const int WriteChunk = 32 * 1024;

    public SliceCacheStats Stats => new(
        counters.Hits,
        counters.Misses,
        counters.BytesServed,
        flights.Store.Evictions,
        counters.BackendFetches,
        counters.ReadAheadFetches,
        flights.Store.Count,
        flights.Store.Bytes,
        options.CapacityBytes,
        flights.Fetcher.Hedges);

    public async Task CopyRangeAsync(MediaObject media, long offset, long count, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (offset + count > media.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Range {offset}+{count} is beyond the end of media {media.MediaFileId} ({media.Length}).");
        }

        if (count == 0)
        {
            return;
        }

        if (HasLocalReplica(media))
        {
            await inner.CopyRangeAsync(media, offset, count, destination, cancellationToken);
            return;
        }

        var end = offset + count;
        var first = (int)(offset / SliceMath.SliceSize);
        var last = (int)((end - 1) / SliceMath.SliceSize);
        var budgeted = media.Replicas.Select(r => vaults.Find(r.VaultId)).OfType<ISliceVault>().FirstOrDefault();
        using var cursor = new ReadAheadCursor(flights, media, last, options, time, () => budgeted?.SpareBudget ?? 1);
        for (var index = first; index <= last; index++)
        {
            var sliceStart = (long)index * SliceMath.SliceSize;
            var from = (int)(Math.Max(offset, sliceStart) - sliceStart);
            var to = (int)(Math.Min(end, sliceStart + SliceMath.SliceLength(media.Length, index)) - sliceStart);
            var advanced = false;
            while (from < to)
            {
                // Join the slice's fetch before the cursor lets go of its read-ahead hold on it, or the hold's release
                // would cancel a fetch this very reader is about to need.
                var slice = flights.GetAsync(media, index, cancellationToken);
                if (!advanced)
                {
                    cursor.Advance(index);
                    advanced = true;
                }

                using var lease = await slice;
                var written = lease.Fetched is { } fetched
                    ? await WriteChunkedAsync(fetched.Memory[from..to], destination, cancellationToken)
                    : await flights.Store.CopyToAsync(SliceKey.For(media, index), SliceMath.SliceLength(media.Length, index), from, to, destination, cancellationToken);
                counters.Served(written);
                from += written; // short only when a stored slice proved damaged: the rest comes from the vault
            }
        }
    }

    /// <summary>Fetched bytes go out in pipe-sized writes, so the response pipe never buffers a whole slice.</summary>
    private static async Task<int> WriteChunkedAsync(ReadOnlyMemory<byte> bytes, Stream destination, CancellationToken cancellationToken)
    {
        for (var at = 0; at < bytes.Length; at += WriteChunk)
        {
            await destination.WriteAsync(bytes[at..Math.Min(bytes.Length, at + WriteChunk)], cancellationToken);
        }

        return bytes.Length;
    }

    public Task PurgeAsync(long mediaFileId, CancellationToken cancellationToken)
    {
        flights.Store.Purge(mediaFileId);
        return Task.CompletedTask;
    }

    private bool HasLocalReplica(MediaObject media) =>
        media.Replicas.Any(r => vaults.Find(r.VaultId) is ILocalFileVault);
}
