using Microsoft.EntityFrameworkCore;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Vaults;

namespace StreamVault.Catalog;

public sealed record RemovalResult(string TitleName, int MediaFiles, int PartsDeleted, IReadOnlyList<string> Failures);

/// <summary>Layers that keep copies of media bytes (slice cache, edge caches) and must forget a removed file.</summary>
public interface IContentPurger
{
    Task PurgeAsync(MediaObject media, CancellationToken cancellationToken);
}

/// <summary>
/// Removes a title from every layer: the row becomes a tombstone first (so links answer 410 at once), then caches are
/// purged and vault parts deleted, and an audit row records who did it. Failures after the tombstone are reported, not
/// hidden; running the removal again retries them.
/// </summary>
public sealed partial class TitleRemoval(CatalogDbContext db, IVaultRegistry vaults, IEnumerable<IContentPurger> purgers, MediaLookupCache lookups, TimeProvider time, ILogger<TitleRemoval> logger)
{
    public async Task<RemovalResult?> RemoveAsync(string titlePublicId, string actor, string reason, CancellationToken cancellationToken)
    {
        var title = await db.Titles
            .Include(t => t.MediaFiles).ThenInclude(m => m.Replicas).ThenInclude(r => r.Parts)
            .Include(t => t.MediaFiles).ThenInclude(m => m.Subtitles)
            .AsSplitQuery()
            .FirstOrDefaultAsync(t => t.PublicId == titlePublicId, cancellationToken);
        if (title is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        title.RemovedAt ??= now;
        title.RemovalReason = reason;
        foreach (var file in title.MediaFiles)
        {
            file.RemovedAt ??= now;
        }

        db.Audit.Add(new AuditEntry { At = now, Actor = actor, Action = "title.remove", Target = title.PublicId, Detail = $"{title.Name}: {reason}" });
        await db.SaveChangesAsync(cancellationToken);
        foreach (var file in title.MediaFiles)
        {
            lookups.Forget(file.PublicId);
        }

        var failures = new List<string>();
        var deleted = 0;
        foreach (var file in title.MediaFiles)
        {
            var media = new MediaObject(file.Id, file.ContentVersion, file.Size, []);
            foreach (var purger in purgers)
            {
                await TryAsync(() => purger.PurgeAsync(media, cancellationToken), $"purge {file.PublicId} from {purger.GetType().Name}", failures);
            }

            var locators = file.Replicas.SelectMany(r => r.Parts.Select(p => (r.VaultId, p.Locator)))
                .Concat(file.Subtitles.Select(s => (s.VaultId, s.Locator)));
            foreach (var (vaultId, locator) in locators)
            {
                if (vaults.Find(vaultId) is { } vault && await TryAsync(() => vault.DeleteAsync(locator, cancellationToken), $"delete a part of {file.PublicId} from vault {vaultId}", failures))
                {
                    deleted++;
                }
            }
        }

        return new RemovalResult(title.Name, title.MediaFiles.Count, deleted, failures);
    }

    private async Task<bool> TryAsync(Func<Task> action, string what, List<string> failures)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.StepFailed(logger, ex, what);
            failures.Add($"could not {what}: {ex.Message}");
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Removal could not {What}")]
        public static partial void StepFailed(ILogger logger, Exception exception, string what);
    }
}
