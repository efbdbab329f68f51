using Microsoft.EntityFrameworkCore;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Vaults;

namespace StreamVault.Catalog;

/// <summary>What the byte endpoints need to know about a media file, read in one query.</summary>
public sealed record MediaLookup(MediaFile File, bool Removed, MediaObject Media);

public static class MediaLookupQueries
{
    public static async Task<MediaLookup?> FindMediaAsync(this CatalogDbContext db, string publicId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var file = await db.MediaFiles.AsNoTracking()
            .Include(m => m.Title)
            .Include(m => m.Replicas).ThenInclude(r => r.Parts)
            .AsSplitQuery()
            .FirstOrDefaultAsync(m => m.PublicId == publicId, cancellationToken);
        if (file is null)
        {
            return null;
        }

        var replicas = file.Replicas
            .OrderBy(r => r.Priority)
            .Select(r => new Vaults.MediaReplica(r.VaultId, r.Parts.OrderBy(p => p.Index).Select(p => new StoredPart(p.Index, p.Locator, p.Length)).ToList()))
            .ToList();
        var removed = file.RemovedAt is not null || file.Title?.RemovedAt is not null;
        var bytesPerSecond = file.DurationSeconds is > 0 ? file.Size / file.DurationSeconds.Value : 0;
        return new MediaLookup(file, removed, new MediaObject(file.Id, file.ContentVersion, file.Size, replicas, bytesPerSecond));
    }
}
