namespace StreamVault.Vaults;

/// <summary>
/// One media file as the byte path sees it: an identity for caches, its length, and the replicas that hold it.
/// Built from the catalogue by the server; carries no URL or locator to a browser.
/// </summary>
/// <param name="MediaFileId">Catalogue id of the media file.</param>
/// <param name="ContentVersion">Bumped when the bytes behind the id change, so caches never mix versions.</param>
public sealed record MediaObject(long MediaFileId, int ContentVersion, long Length, IReadOnlyList<MediaReplica> Replicas)
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
    Task CopyRangeAsync(MediaObject media, long offset, long count, Stream destination, CancellationToken cancellationToken);
}
