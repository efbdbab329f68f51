using System.IO.Pipelines;
using StreamVault.Core.IO;

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
    TimeProvider time) : IMediaByteSource, ISliceCache, IDisposable
{
    private readonly ReadAheadParking _parking = new(time, options.SequentialGap);

    /// <summary>Read-ahead cursors waiting for the request that continues theirs.</summary>
    internal int ParkedCursors => _parking.Count;

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

    public async Task CopyRangeAsync(MediaObject media, long offset, long count, PipeWriter destination, CancellationToken cancellationToken)
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
        var last = (int)((end - 1) / SliceMath.SliceSize);
        var budgeted = media.Replicas.Select(r => vaults.Find(r.VaultId)).OfType<ISliceVault>().FirstOrDefault();
        var cursor = _parking.Take(media, offset);
        if (cursor is not null)
        {
            // This request continues the last one: the reader is sequential, so read-ahead may run past its end.
            cursor.ExtendTo(SliceMath.SliceCount(media.Length) - 1);
        }

        cursor ??= new ReadAheadCursor(flights, media, last, options, time, () => budgeted?.SpareBudget ?? 1, offset);
        var finished = false;
        try
        {
            await CopySlicesAsync(media, offset, end, cursor, destination, cancellationToken);
            finished = true;
        }
        finally
        {
            if (finished && end < media.Length)
            {
                _parking.Park(media, end, cursor);
            }
            else
            {
                cursor.Dispose();
            }
        }
    }

    private async Task CopySlicesAsync(MediaObject media, long offset, long end, ReadAheadCursor cursor, PipeWriter destination, CancellationToken cancellationToken)
    {
        var first = (int)(offset / SliceMath.SliceSize);
        var last = (int)((end - 1) / SliceMath.SliceSize);
        for (var index = first; index <= last; index++)
        {
            var sliceStart = (long)index * SliceMath.SliceSize;
            var from = (int)(Math.Max(offset, sliceStart) - sliceStart);
            var length = SliceMath.SliceLength(media.Length, index);
            var to = (int)(Math.Min(end, sliceStart + length) - sliceStart);
            var key = SliceKey.For(media, index);
            var advanced = false;
            while (from < to)
            {
                // Join the slice's fetch before the cursor lets go of its read-ahead hold on it, or the hold's release
                // would cancel a fetch this very reader is about to need.
                var slice = flights.GetAsync(media, index, cancellationToken, continued: advanced, due: cursor.DueOf(index, index));
                if (!advanced)
                {
                    cursor.Advance(index);
                    advanced = true;
                }

                var lease = await slice;
                int written;
                try
                {
                    written = lease.Fetched is { } fetched
                        ? await WriteUntilStoredAsync(fetched.Memory[from..to], key, destination, cancellationToken)
                        : await flights.Store.CopyToAsync(key, length, from, to, destination, cancellationToken);
                }
                finally
                {
                    lease.Dispose();
                }

                counters.Served(written);
                // Short when a fetched slice reached the store (the rest comes from disk, and its buffer goes back to the
                // pool instead of waiting for this viewer's socket) or a stored slice proved damaged (from the vault).
                from += written;
            }
        }
    }

    /// <summary>
    /// Fetched bytes go out a chunk per flush, so the response pipe never buffers a whole slice, and only until the
    /// slice is stored: a slow viewer would otherwise keep the 1 MiB fetch buffer alive for as long as it drains.
    /// </summary>
    private async Task<int> WriteUntilStoredAsync(ReadOnlyMemory<byte> bytes, SliceKey key, PipeWriter destination, CancellationToken cancellationToken)
    {
        var at = 0;
        while (at < bytes.Length && (at == 0 || !flights.Store.Contains(key)))
        {
            var chunk = bytes.Span[at..Math.Min(bytes.Length, at + SliceMath.WriteChunk)];
            destination.WriteAsOneBlock(chunk);
            at += chunk.Length;
            await destination.FlushOrAbortAsync(cancellationToken);
        }

        return at;
    }

    public Task<PurgeCount> PurgeAsync(long mediaFileId, CancellationToken cancellationToken) =>
        Task.FromResult(flights.Store.PurgeCounted(mediaFileId));

    public void Dispose() => _parking.Dispose();

    private bool HasLocalReplica(MediaObject media) =>
        media.Replicas.Any(r => vaults.Find(r.VaultId) is ILocalFileVault);
}
