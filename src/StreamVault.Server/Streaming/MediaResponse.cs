using StreamVault.Server.Catalog;
using StreamVault.Vaults;

namespace StreamVault.Server.Streaming;

/// <summary>Chooses how a media file's bytes reach the response: sendfile for a local single-part replica,
/// the byte source (parts, remote vaults, caches) otherwise.</summary>
internal static class MediaResponse
{
    public static IResult Create(MediaLookup lookup, bool asDownload, IVaultRegistry vaults, IMediaByteSource bytes)
    {
        var file = lookup.File;
        var contentType = ContentTypes.ForExtension(file.Container);
        var etag = StreamEndpoints.ETagFor(file.Id, file.ContentVersion, file.Size);
        var lastModified = new DateTimeOffset(DateTime.SpecifyKind(file.CreatedAt, DateTimeKind.Utc));
        var downloadName = asDownload ? file.OriginalName : null;

        foreach (var replica in lookup.Media.Replicas)
        {
            if (replica.Parts.Count == 1 && vaults.Find(replica.VaultId) is ILocalFileVault local && local.TryGetPhysicalPath(replica.Parts[0].Locator) is { } path)
            {
                return TypedResults.PhysicalFile(path, contentType, downloadName, lastModified, etag, enableRangeProcessing: true);
            }
        }

        var stream = new MediaReadStream(lookup.Media, bytes);
        return TypedResults.Stream(stream, contentType, downloadName, lastModified, etag, enableRangeProcessing: true);
    }
}
