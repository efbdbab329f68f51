using System.IO.Pipelines;

namespace StreamVault.Vaults;

/// <summary>
/// One media file as the byte path sees it: an identity for caches, its length, and the replicas that hold it.
/// Built from the catalogue by the server; carries no URL or locator to a browser.
/// </summary>
/// <param name="MediaFileId">Catalogue id of the media file.</param>
/// <param name="ContentVersion">Bumped when the bytes behind the id change, so caches never mix versions.</param>
/// <param name="BytesPerSecond">Average bitrate (size over duration, from ingest's probe); 0 when unknown. Read-ahead
/// uses it to tell when a viewer's playback reaches a slice.</param>
public sealed record MediaObject(long MediaFileId, int ContentVersion, long Length, IReadOnlyList<MediaReplica> Replicas, double BytesPerSecond = 0)
{
    public string CacheKey => $"{MediaFileId}v{ContentVersion}";
}

/// <summary>A full copy of a media file in one vault, as ordered parts.</summary>
public sealed record MediaReplica(string VaultId, IReadOnlyList<StoredPart> Parts)
{
    public long Length => Parts.Sum(p => p.Length);
}

/// <summary>The stream endpoint's one door to bytes: copies a byte range of a media object to a destination,
/// crossing parts and failing over between replicas. Caching layers decorate it.</summary>
public interface IMediaByteSource
{
    /// <summary>
    /// Writes exactly <paramref name="count"/> bytes from <paramref name="offset"/> into <paramref name="destination"/>,
    /// flushing as it goes. Bytes are copied into the pipe and flushed in small chunks: no buffer of the source is held
    /// while a slow reader drains, which is what keeps a thousand viewers in a small resident set.
    /// </summary>
    Task CopyRangeAsync(MediaObject media, long offset, long count, PipeWriter destination, CancellationToken cancellationToken);
}
