using Microsoft.EntityFrameworkCore;
using StreamVault.Catalog;
using StreamVault.Catalog.Ingest;
using StreamVault.Catalog.Jobs;
using StreamVault.Core.Catalog;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Delivery.Streaming;
using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Site.Dashboard;

/// <summary>The dashboard's read side: the whole catalogue (taken-down titles too, which the public site hides), jobs,
/// the swarm and the audit log. Writes go through the use cases the bot and the command line call.</summary>
internal sealed class DashboardQueries(CatalogDbContext db, IOperatorJobs jobs, IActiveViewers viewers, IServiceProvider services)
{
    public const int PageSize = 50;
    public const int MaxQueryLength = 200;

    public async Task<OverviewModel> OverviewAsync(CancellationToken ct)
    {
        var catalogue = await CatalogFigures.ReadAsync(db, ct);
        var audit = await Rows(db.Audit.AsNoTracking().OrderByDescending(a => a.Id).Take(10), ct);
        return new OverviewModel(catalogue, viewers.CountNow(), Cache, Swarms, [.. jobs.List().Take(5)], audit);
    }

    public async Task<TitleListModel> TitlesAsync(string? query, TitleListState state, int page, CancellationToken ct)
    {
        var text = Clip(query);
        var titles = db.Titles.AsNoTracking();
        titles = state switch
        {
            TitleListState.Listed => titles.Where(t => t.RemovedAt == null),
            TitleListState.TakenDown => titles.Where(t => t.RemovedAt != null),
            _ => titles,
        };
        if (text.Length > 0)
        {
            // A public id finds its title; otherwise the name matches as the site's search does (case and accents folded).
            var normalized = CatalogWriter.Normalize(text);
            titles = titles.Where(t => t.PublicId == text || t.NormalizedName.Contains(normalized));
        }

        var total = await titles.CountAsync(ct);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var rows = await titles.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Skip((page - 1) * PageSize).Take(PageSize).Select(ToRow).ToListAsync(ct);
        return new TitleListModel(text, state, page, pageCount, total, rows);
    }

    public async Task<TitleEditModel?> TitleAsync(string publicId, string sitePath, CancellationToken ct)
    {
        var row = await db.Titles.AsNoTracking().Where(t => t.PublicId == publicId).Select(ToRow).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var title = await db.Titles.AsNoTracking().Where(t => t.PublicId == publicId).Select(t => new { t.Overview, t.Slug }).FirstAsync(ct);
        var files = await db.MediaFiles.AsNoTracking().Where(m => m.Title!.PublicId == publicId)
            .OrderBy(m => m.Episode == null ? 0 : m.Episode.Season!.Number).ThenBy(m => m.Episode == null ? 0 : m.Episode.Number).ThenByDescending(m => m.Quality)
            .Select(m => new TitleFileRow(
                m.PublicId,
                m.OriginalName,
                m.Quality,
                m.Episode == null ? null : "S" + m.Episode.Season!.Number.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + "E" + m.Episode.Number.ToString("00", System.Globalization.CultureInfo.InvariantCulture),
                m.Size,
                m.Container,
                m.VideoCodec,
                m.CreatedAt,
                m.RemovedAt,
                m.MirrorUrl))
            .ToListAsync(ct);
        return new TitleEditModel(row, title.Overview, title.Slug, files, sitePath);
    }

    public Task<string?> TitleOfMediaAsync(string mediaPublicId, CancellationToken ct) =>
        db.MediaFiles.AsNoTracking().Where(m => m.PublicId == mediaPublicId).Select(m => m.Title!.PublicId).FirstOrDefaultAsync(ct);

    public async Task<AuditModel> AuditAsync(string? query, int page, CancellationToken ct)
    {
        var text = Clip(query);
        var entries = db.Audit.AsNoTracking();
        if (text.Length > 0)
        {
            // lower() on both sides: SQLite's instr and PostgreSQL's strpos both compare case-sensitively. The calls
            // are translated to SQL, where the analyzers' culture and comparison overloads do not exist.
            var folded = text.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862
            entries = entries.Where(a => a.Actor.ToLower().Contains(folded) || a.Action.ToLower().Contains(folded) || a.Target.ToLower().Contains(folded)
                || (a.Detail != null && a.Detail.ToLower().Contains(folded)));
#pragma warning restore CA1304, CA1311, CA1862
        }

        var total = await entries.CountAsync(ct);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        return new AuditModel(text, page, pageCount, await Rows(entries.OrderByDescending(a => a.Id).Skip((page - 1) * PageSize).Take(PageSize), ct));
    }

    public IReadOnlyList<SwarmSnapshot> Swarms => services.GetService<ISwarmMonitor>()?.Snapshot() ?? [];

    public SliceCacheStats? Cache => services.GetService<ISliceCache>()?.Stats;

    /// <summary>A search box's text, cleaned of control characters and cut to a sane length.</summary>
    public static string Clip(string? query)
    {
        var text = DisplayText.Clean(query ?? string.Empty).Trim();
        return text.Length > MaxQueryLength ? text[..MaxQueryLength] : text;
    }

    private static readonly System.Linq.Expressions.Expression<Func<Title, TitleRow>> ToRow = t => new TitleRow(
        t.PublicId,
        t.Name,
        t.Year,
        t.Kind,
        t.MediaFiles.Count(m => m.RemovedAt == null),
        t.MediaFiles.Where(m => m.RemovedAt == null).Sum(m => m.Size),
        t.MediaFiles.Where(m => m.RemovedAt == null).Max(m => (QualityBucket?)m.Quality),
        t.CreatedAt,
        t.RemovedAt,
        t.RemovalReason);

    private static async Task<IReadOnlyList<AuditRow>> Rows(IQueryable<AuditEntry> entries, CancellationToken ct) =>
        await entries.Select(a => new AuditRow(a.At, a.Actor, a.Action, a.Target, a.Detail)).ToListAsync(ct);
}
