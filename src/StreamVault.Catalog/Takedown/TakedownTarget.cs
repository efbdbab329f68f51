using Microsoft.EntityFrameworkCore;
using StreamVault.Catalog.Ingest;
using StreamVault.Data;

namespace StreamVault.Catalog.Takedown;

/// <summary>
/// What an operator typed after /takedown: a title id, a link to any of the title's pages or bytes (site, stream,
/// download, subtitle or artwork link, absolute or a path), or the title's name. A name must match one title exactly
/// (case, accents and punctuation aside); otherwise the candidates are listed and nothing is removed.
/// </summary>
internal static class TakedownTarget
{
    internal sealed record Resolution(string? TitlePublicId, string? Problem, IReadOnlyList<TitleCandidate> Candidates);

    private const int CandidatesShown = 10;

    public static async Task<Resolution> ResolveAsync(CatalogDbContext db, string target, CancellationToken cancellationToken)
    {
        var text = target?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return new Resolution(null, "say which title: its id, a link to it, or its name", []);
        }

        if (await db.Titles.AsNoTracking().AnyAsync(t => t.PublicId == text, cancellationToken))
        {
            return new Resolution(text, null, []);
        }

        if (LinkSegments(text) is { } segments)
        {
            return await FromLinkAsync(db, text, segments, cancellationToken)
                ?? new Resolution(null, $"the link '{text}' does not lead to a title of this server", []);
        }

        return await FromNameAsync(db, text, cancellationToken);
    }

    /// <summary>The path segments of an http(s) link or of a site path ("/title/abc"); null for anything else.</summary>
    private static string[]? LinkSegments(string text)
    {
        string path;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            path = uri.AbsolutePath;
        }
        else if (text.StartsWith('/'))
        {
            path = text.Split('?', '#')[0];
        }
        else
        {
            return null;
        }

        return path.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    private static async Task<Resolution?> FromLinkAsync(CatalogDbContext db, string text, string[] segments, CancellationToken cancellationToken)
    {
        var titles = db.Titles.AsNoTracking();
        var files = db.MediaFiles.AsNoTracking();
        string? titleId = segments switch
        {
            ["title", var id, ..] => await titles.Where(t => t.PublicId == id).Select(t => t.PublicId).FirstOrDefaultAsync(cancellationToken),
            ["art", "media", var id, ..] => await TitleOfMediaAsync(files, id, cancellationToken),
            ["watch" or "stream" or "download", var id, ..] => await TitleOfMediaAsync(files, id, cancellationToken),
            ["art", var id, ..] => await titles.Where(t => t.PublicId == id).Select(t => t.PublicId).FirstOrDefaultAsync(cancellationToken),
            ["subtitles", var id, ..] => await db.Subtitles.AsNoTracking().Where(s => s.PublicId == id).Select(s => s.MediaFile!.Title!.PublicId).FirstOrDefaultAsync(cancellationToken),
            _ => null,
        };
        return titleId is null ? null : new Resolution(titleId, null, []);
    }

    private static Task<string?> TitleOfMediaAsync(IQueryable<Data.Entities.MediaFile> files, string id, CancellationToken cancellationToken) =>
        files.Where(m => m.PublicId == id).Select(m => m.Title!.PublicId).FirstOrDefaultAsync(cancellationToken);

    private static async Task<Resolution> FromNameAsync(CatalogDbContext db, string name, CancellationToken cancellationToken)
    {
        var normalized = CatalogWriter.Normalize(name);
        if (normalized.Length == 0)
        {
            return new Resolution(null, $"'{name}' is not a title id, a link or a name", []);
        }

        var exact = await Candidates(db.Titles.AsNoTracking().Where(t => t.NormalizedName == normalized), cancellationToken);
        // A title taken down before keeps its name; a second takedown of it (to retry what failed) must still find it,
        // but a live title of the same name is what an operator means.
        var live = exact.Where(c => !c.Removed).ToList();
        if (live.Count == 1 || (live.Count == 0 && exact.Count == 1))
        {
            return new Resolution(live.Count == 1 ? live[0].Id : exact[0].Id, null, []);
        }

        if (exact.Count > 1)
        {
            return new Resolution(null, $"{exact.Count} titles are named '{name}': say which by its id", exact);
        }

        var similar = await Candidates(db.Titles.AsNoTracking().Where(t => t.NormalizedName.Contains(normalized)), cancellationToken);
        return similar.Count == 0
            ? new Resolution(null, $"no title is named '{name}' (and it is not a title id or a link)", [])
            : new Resolution(null, $"no title is named exactly '{name}'; did you mean one of these? Say which by its id", similar);
    }

    private static async Task<List<TitleCandidate>> Candidates(IQueryable<Data.Entities.Title> titles, CancellationToken cancellationToken) =>
        (await titles.OrderBy(t => t.NormalizedName).ThenBy(t => t.Year).Take(CandidatesShown)
            .Select(t => new { t.PublicId, t.Name, t.Year, t.RemovedAt }).ToListAsync(cancellationToken))
        .Select(t => new TitleCandidate(t.PublicId, t.Name, t.Year, t.RemovedAt != null)).ToList();
}
