using System.IO.Pipelines;
using System.Text.RegularExpressions;
using StreamVault.Catalog.Ingest;
using StreamVault.Vaults;
using StreamVault.Vaults.Caching;

namespace StreamVault.Catalog.Import;

/// <summary>
/// Media facts of a file that lives in a channel, without downloading it: its first two and last two slices are read
/// through the byte source (slice cache, swarm, budget) into a sparse file of the full length, and ffprobe reads that.
/// The ends are where containers keep their headers and indexes (Matroska's at the start, an MP4's moov often at the
/// end). The probe's slices are cached under a key of their own and purged afterwards: the file has no catalogue id
/// yet, and its first viewer reads it under that id.
/// </summary>
public sealed partial class ChannelMediaProbe(IMediaByteSource bytes, MediaProbe probe, IEnumerable<ISliceCache> caches)
{
    private const int Slice = SliceMath.SliceSize;
    private const int EndSlices = 2;

    /// <param name="probeKey">A negative number unique to the file (no catalogue id is negative), naming its slices
    /// while it is probed.</param>
    public async Task<MediaCheck> CheckAsync(StoredObject stored, string fileName, long probeKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(probeKey, 0);
        var media = new MediaObject(probeKey, 0, stored.Length, [new MediaReplica(stored.VaultId, stored.Parts)]);
        var extension = Path.GetExtension(fileName);
        var path = Path.Combine(Path.GetTempPath(), $"sv-probe-{Guid.NewGuid():N}{(SafeExtension().IsMatch(extension) ? extension : "")}");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                file.SetLength(media.Length);
                var head = Math.Min(media.Length, (long)EndSlices * Slice);
                await CopyAsync(media, 0, head, file, cancellationToken);
                var lastSlice = (media.Length - 1) / Slice * Slice;
                var tail = Math.Max(head, lastSlice - ((EndSlices - 1L) * Slice));
                if (tail < media.Length)
                {
                    await CopyAsync(media, tail, media.Length - tail, file, cancellationToken);
                }
            }

            return await probe.CheckAsync(path, cancellationToken);
        }
        finally
        {
            File.Delete(path);
            foreach (var cache in caches)
            {
                await cache.PurgeAsync(probeKey, CancellationToken.None);
            }
        }
    }

    private async Task CopyAsync(MediaObject media, long offset, long count, FileStream file, CancellationToken cancellationToken)
    {
        file.Position = offset;
        var writer = PipeWriter.Create(file, new StreamPipeWriterOptions(leaveOpen: true));
        await bytes.CopyRangeAsync(media, offset, count, writer, cancellationToken);
        await writer.FlushAsync(cancellationToken);
        await writer.CompleteAsync();
    }

    [GeneratedRegex(@"^\.[A-Za-z0-9]{1,5}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeExtension();
}
