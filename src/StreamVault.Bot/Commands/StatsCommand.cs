using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using StreamVault.Catalog.Jobs;
using StreamVault.Data;
using StreamVault.Platform;
using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Bot.Commands;

/// <summary>/stats: the catalogue (titles, files, storage), the slice cache (hit ratio, bytes served: the bandwidth the
/// vault did not have to give), the swarm and the jobs — what the admin API and /metrics already expose.</summary>
internal sealed class StatsCommand(CatalogDbContext db, IOperatorJobs jobs, IServiceProvider services) : IBotCommand
{
    public string Name => "stats";

    public string Usage => "/stats";

    public string Description => "Titles, storage, cache and swarm figures";

    public bool OwnerOnly => false;

    public bool PrivateChatOnly => false;

    public async Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var titles = await db.Titles.CountAsync(t => t.RemovedAt == null, cancellationToken);
        var removed = await db.Titles.CountAsync(t => t.RemovedAt != null, cancellationToken);
        var files = await db.MediaFiles.Where(m => m.RemovedAt == null).GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Bytes = g.Sum(m => m.Size) }).FirstOrDefaultAsync(cancellationToken);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Titles: {titles} ({removed} taken down)\n")
            .Append(CultureInfo.InvariantCulture, $"Media files: {files?.Count ?? 0}, {ByteSizeText.Format(files?.Bytes ?? 0)}\n");

        if (services.GetService<ISliceCache>()?.Stats is { } cache)
        {
            text.Append(CultureInfo.InvariantCulture, $"Slice cache: {cache.HitRatio * 100:0.0}% hits ({cache.Hits} of {cache.Hits + cache.Misses}), {ByteSizeText.Format(cache.BytesStored)} of {ByteSizeText.Format(cache.CapacityBytes)} stored\n")
                .Append(CultureInfo.InvariantCulture, $"Bandwidth served from the cache: {ByteSizeText.Format(cache.BytesServed)}; backend fetches: {cache.BackendFetches} ({cache.ReadAheadFetches} read-ahead)\n");
        }
        else
        {
            text.Append("Slice cache: not in use\n");
        }

        var swarms = services.GetService<ISwarmMonitor>()?.Snapshot() ?? [];
        var sessions = swarms.SelectMany(s => s.Sessions).ToList();
        text.Append(CultureInfo.InvariantCulture, $"Sessions: {sessions.Count} ({sessions.Count(s => s.State == SessionState.Healthy)} healthy), {sessions.Sum(s => s.RequestsLastSecond)} requests in the last second\n")
            .Append(CultureInfo.InvariantCulture, $"Jobs running: {jobs.List().Count(j => !j.IsFinished)}");
        await context.ReplyAsync(text.ToString(), cancellationToken);
    }
}
