using StreamVault.Catalog;
using StreamVault.Vaults.Caching;

namespace StreamVault.Artwork;

/// <summary>Takedown deletes a removed file's poster frame and thumbnails with its bytes.</summary>
internal sealed class ArtworkPurger(ArtworkService artwork) : IContentPurger
{
    public string Layer => "artwork";

    public Task<PurgeCount> PurgeAsync(RemovedMedia media, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(media);
        return Task.FromResult(artwork.Forget(media.PublicId));
    }
}
