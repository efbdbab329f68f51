using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StreamVault.Catalog.Takedown;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Vaults;
using StreamVault.Vaults.Caching;

namespace StreamVault.Catalog;

public sealed record RemovalResult(string TitleName, int MediaFiles, int PartsDeleted, IReadOnlyList<string> Failures);

/// <summary>A removed media file as the layers that keep copies of it know it.</summary>
public sealed record RemovedMedia(long MediaFileId, string PublicId, string TitlePublicId, int ContentVersion, long Size, IReadOnlyList<string> SubtitlePublicIds)
{
    /// <summary>Every public id a URL of this file can carry: the file's, its title's, its subtitles'.</summary>
    public IEnumerable<string> AllPublicIds => [PublicId, TitlePublicId, .. SubtitlePublicIds];
}

/// <summary>Layers that keep copies of media bytes (slice cache, artwork, edge caches) and must forget a removed file.</summary>
public interface IContentPurger
{
    /// <summary>The layer's name in a takedown report ("slice cache", "nginx cache").</summary>
    string Layer { get; }

    /// <summary>Deletes what this layer holds of <paramref name="media"/>; returns what it deleted. Safe to repeat.</summary>
    Task<PurgeCount> PurgeAsync(RemovedMedia media, CancellationToken cancellationToken);
}

/// <summary>
/// The global kill switch. Removes a title from every layer: the row becomes a tombstone first (so every route answers
/// 410 at once), then caches and artwork are purged, other nodes are told, the source parts are deleted (or kept
/// hidden, <see cref="TakedownOptions.DeleteSource"/>), and an audit row records who did it and why. Failures after the
/// tombstone are reported per layer, not hidden; running the takedown again retries them.
/// </summary>
public sealed partial class TitleRemoval(
    CatalogDbContext db,
    IVaultRegistry vaults,
    IEnumerable<IContentPurger> purgers,
    ICatalogInvalidation invalidation,
    IOptions<TakedownOptions> options,
    TimeProvider time,
    ILogger<TitleRemoval> logger)
{
    public const string CatalogueLayer = "catalogue";
    public const string OtherNodesLayer = "other nodes";
    public const string SourceLayer = "source";

    /// <summary>The removal by title id the first CLI command and tests use: the same takedown, reported briefly.</summary>
    public async Task<RemovalResult?> RemoveAsync(string titlePublicId, string actor, string reason, CancellationToken cancellationToken)
    {
        var title = await LoadAsync(titlePublicId, cancellationToken);
        if (title is null)
        {
            return null;
        }

        var report = await TakeDownAsync(title, actor, reason, cancellationToken);
        var source = report.Layers.Single(l => l.Layer == SourceLayer);
        return new RemovalResult(title.Name, title.MediaFiles.Count, report.SourceDeleted ? source.Items : 0, report.Failures);
    }

    /// <summary>Takes down the title named by <paramref name="target"/>: its public id, a site, stream or download link,
    /// or its name (an ambiguous name lists the candidates and removes nothing).</summary>
    public async Task<TakedownOutcome> TakedownAsync(string target, string actor, string reason, CancellationToken cancellationToken)
    {
        var resolved = await TakedownTarget.ResolveAsync(db, target, cancellationToken);
        if (resolved.TitlePublicId is null)
        {
            return new TakedownOutcome(null, resolved.Problem, resolved.Candidates);
        }

        var title = await LoadAsync(resolved.TitlePublicId, cancellationToken);
        return title is null
            ? new TakedownOutcome(null, $"no title has the id '{resolved.TitlePublicId}'", [])
            : new TakedownOutcome(await TakeDownAsync(title, actor, reason, cancellationToken), null, []);
    }

    /// <summary>The title <paramref name="target"/> names (as <see cref="TakedownAsync"/> reads it), without removing
    /// anything: for a front end that asks to confirm first.</summary>
    public async Task<TakedownChoice> ChooseAsync(string target, CancellationToken cancellationToken)
    {
        var resolved = await TakedownTarget.ResolveAsync(db, target, cancellationToken);
        if (resolved.TitlePublicId is not { } id)
        {
            return new TakedownChoice(null, resolved.Problem, resolved.Candidates);
        }

        var title = await db.Titles.AsNoTracking().Where(t => t.PublicId == id)
            .Select(t => new { t.PublicId, t.Name, t.Year, t.RemovedAt }).FirstOrDefaultAsync(cancellationToken);
        return title is null
            ? new TakedownChoice(null, $"no title has the id '{id}'", [])
            : new TakedownChoice(new TitleCandidate(title.PublicId, title.Name, title.Year, title.RemovedAt != null), null, []);
    }

    private Task<Title?> LoadAsync(string titlePublicId, CancellationToken cancellationToken) => db.Titles
        .Include(t => t.MediaFiles).ThenInclude(m => m.Replicas).ThenInclude(r => r.Parts)
        .Include(t => t.MediaFiles).ThenInclude(m => m.Subtitles)
        .AsSplitQuery()
        .FirstOrDefaultAsync(t => t.PublicId == titlePublicId, cancellationToken);

    private async Task<TakedownReport> TakeDownAsync(Title title, string actor, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var wasRemoved = title.IsRemoved;
        title.RemovedAt ??= now;
        title.RemovalReason = reason;
        foreach (var file in title.MediaFiles)
        {
            file.RemovedAt ??= now;
        }

        db.Audit.Add(new AuditEntry { At = now, Actor = actor, Action = wasRemoved ? "title.takedown.retry" : "title.remove", Target = title.PublicId, Detail = $"{title.Name}: {reason}" });
        await db.SaveChangesAsync(cancellationToken);
        var layers = new List<LayerReport>
        {
            new(CatalogueLayer, title.MediaFiles.Count, title.MediaFiles.Sum(f => f.Size), []),
        };

        // This node forgets its lookups at once; other nodes hear it before any bytes are deleted, so none of them serves
        // a byte from a cache while the source goes.
        var mediaIds = title.MediaFiles.Select(f => f.PublicId).ToList();
        var nodes = new LayerBuilder(OtherNodesLayer);
        await nodes.TryAsync(async () => new PurgeCount(await invalidation.PublishRemovedAsync(mediaIds, cancellationToken), 0), "tell other nodes", logger);

        var removed = title.MediaFiles.Select(f => new RemovedMedia(f.Id, f.PublicId, title.PublicId, f.ContentVersion, f.Size, [.. f.Subtitles.Select(s => s.PublicId)])).ToList();
        foreach (var group in purgers.GroupBy(p => p.Layer, StringComparer.Ordinal))
        {
            var layer = new LayerBuilder(group.Key);
            foreach (var purger in group)
            {
                foreach (var media in removed)
                {
                    await layer.TryAsync(() => purger.PurgeAsync(media, cancellationToken), $"purge {media.PublicId}", logger);
                }
            }

            layers.Add(layer.Build());
        }

        layers.Add(nodes.Build());
        var deleteSource = options.Value.DeleteSource;
        var source = new LayerBuilder(SourceLayer);
        foreach (var file in title.MediaFiles)
        {
            var pieces = file.Replicas.SelectMany(r => r.Parts.Select(p => (r.VaultId, p.Locator, Bytes: p.Length)))
                .Concat(file.Subtitles.Select(s => (s.VaultId, s.Locator, Bytes: s.Size)));
            foreach (var (vaultId, locator, bytes) in pieces)
            {
                if (!deleteSource)
                {
                    // Hidden: the tombstone keeps every route from serving it, the bytes stay where they are.
                    source.Add(new PurgeCount(1, bytes));
                }
                else if (vaults.Find(vaultId) is not { } vault)
                {
                    source.Fail($"could not delete a part of {file.PublicId}: vault '{vaultId}' is not configured on this node");
                }
                else
                {
                    await source.TryAsync(async () => { await vault.DeleteAsync(locator, cancellationToken); return new PurgeCount(1, bytes); }, $"delete a part of {file.PublicId} from vault {vaultId}", logger);
                }
            }
        }

        layers.Add(source.Build());
        return new TakedownReport(title.PublicId, title.Name, actor, reason, deleteSource, layers);
    }

    private sealed partial class LayerBuilder(string name)
    {
        private readonly List<string> _failures = [];
        private PurgeCount _count;

        public void Add(PurgeCount count) => _count += count;

        public void Fail(string failure) => _failures.Add(failure);

        public async Task TryAsync(Func<Task<PurgeCount>> action, string what, ILogger logger)
        {
            try
            {
                _count += await action();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.StepFailed(logger, ex, name, what);
                _failures.Add($"could not {what}: {ex.Message}");
            }
        }

        public LayerReport Build() => new(name, _count.Items, _count.Bytes, _failures);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Takedown ({Layer}) could not {What}")]
        public static partial void StepFailed(ILogger logger, Exception exception, string layer, string what);
    }
}
