using Microsoft.EntityFrameworkCore;
using StreamVault.Catalog;
using StreamVault.Data;
using StreamVault.Vaults;

namespace StreamVault.Artwork;

/// <summary>Takedown deletes a removed file's poster frame and thumbnails with its bytes.</summary>
internal sealed class ArtworkPurger(CatalogDbContext db, ArtworkService artwork) : IContentPurger
{
    public async Task PurgeAsync(MediaObject media, CancellationToken cancellationToken)
    {
        var publicId = await db.MediaFiles.AsNoTracking().Where(m => m.Id == media.MediaFileId).Select(m => m.PublicId).FirstOrDefaultAsync(cancellationToken);
        if (publicId is not null)
        {
            artwork.Forget(publicId);
        }
    }
}
