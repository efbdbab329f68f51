using System.Globalization;
using System.Text;
using StreamVault.Catalog;
using StreamVault.Catalog.Jobs;
using StreamVault.Data;
using StreamVault.Delivery.Streaming;
using StreamVault.Platform;
using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Bot.Commands;

/// <summary>/stats: the catalogue (titles, files, storage), viewers now, the slice cache (hit ratio, bytes served: the bandwidth the
/// vault did not have to give), the swarm and the jobs — what the admin API and /metrics already expose.</summary>
internal sealed class StatsCommand(CatalogDbContext db, IOperatorJobs jobs, IActiveViewers viewers, IServiceProvider services) : IBotCommand
{
    public string Name => "stats";

    public string Usage => "/stats";

    public string Description => "Titles, storage, cache and swarm figures";

    public bool OwnerOnly => false;

    public bool PrivateChatOnly => false;

    public async Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var catalogue = await CatalogFigures.ReadAsync(db, cancellationToken);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Titles: {catalogue.Titles} ({catalogue.TakenDown} taken down)\n")
            .Append(CultureInfo.InvariantCulture, $"Media files: {catalogue.MediaFiles}, {ByteSizeText.Format(catalogue.Bytes)}\n")
            .Append(CultureInfo.InvariantCulture, $"Viewers now: {viewers.CountNow()} (streams in the last minute on this node)\n");

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
