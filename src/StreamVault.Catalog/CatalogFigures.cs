using Microsoft.EntityFrameworkCore;
using StreamVault.Data;

namespace StreamVault.Catalog;

/// <summary>The catalogue's headline figures, as the bot's /stats and the dashboard's overview show them: titles
/// listed and taken down, and the media files still served with their bytes.</summary>
public sealed record CatalogFigures(int Titles, int TakenDown, int MediaFiles, long Bytes)
{
    public static async Task<CatalogFigures> ReadAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var titles = await db.Titles.CountAsync(t => t.RemovedAt == null, cancellationToken);
        var removed = await db.Titles.CountAsync(t => t.RemovedAt != null, cancellationToken);
        var files = await db.MediaFiles.Where(m => m.RemovedAt == null).GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Bytes = g.Sum(m => m.Size) }).FirstOrDefaultAsync(cancellationToken);
        return new CatalogFigures(titles, removed, files?.Count ?? 0, files?.Bytes ?? 0);
    }
}
