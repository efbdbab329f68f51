using Microsoft.EntityFrameworkCore;
using StreamVault.Catalog.Ingest;
using StreamVault.Data;

namespace StreamVault.Bot.Commands;

public sealed record TitleMatch(string PublicId, string Name, int? Year, int Files);

/// <summary>Finds the titles an operator means by a public id, a link to the site (title, watch, stream or download
/// page of this server or any other address: only the id in its path is read) or a name (accents and case folded
/// as search does). Removed titles are not found: they are gone already.</summary>
internal sealed class TitleFinder(CatalogDbContext db)
{
    // Enough to tell apart; a longer list means the name was too vague.
    public const int MaxMatches = 8;

    public async Task<IReadOnlyList<TitleMatch>> FindAsync(string query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var live = db.Titles.AsNoTracking().Where(t => t.RemovedAt == null);
        if (IdInLink(query) is var (kind, id))
        {
            var byLink = kind == "title"
                ? live.Where(t => t.PublicId == id)
                : live.Where(t => t.MediaFiles.Any(m => m.PublicId == id));
            return await ProjectAsync(byLink, cancellationToken);
        }

        var byId = await ProjectAsync(live.Where(t => t.PublicId == query), cancellationToken);
        if (byId.Count > 0)
        {
            return byId;
        }

        var normalized = CatalogWriter.Normalize(query);
        if (normalized.Length == 0)
        {
            return [];
        }

        var exact = await ProjectAsync(live.Where(t => t.NormalizedName == normalized), cancellationToken);
        return exact.Count > 0 ? exact : await ProjectAsync(live.Where(t => t.NormalizedName.Contains(normalized)), cancellationToken);
    }

    /// <summary>("title", id) for /title/ID/..., ("media", id) for /watch/ID, /stream/ID/..., /download/ID/...</summary>
    internal static (string Kind, string Id)? IdInLink(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        return uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) switch
        {
            ["title", var id, ..] => ("title", Uri.UnescapeDataString(id)),
            ["watch" or "stream" or "download", var id, ..] => ("media", Uri.UnescapeDataString(id)),
            _ => null,
        };
    }

    private static Task<List<TitleMatch>> ProjectAsync(IQueryable<StreamVault.Data.Entities.Title> titles, CancellationToken cancellationToken) =>
        titles.OrderBy(t => t.NormalizedName).Take(MaxMatches + 1)
            .Select(t => new TitleMatch(t.PublicId, t.Name, t.Year, t.MediaFiles.Count(m => m.RemovedAt == null)))
            .ToListAsync(cancellationToken);
}
