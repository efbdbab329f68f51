using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StreamVault.Vaults.Channels;

namespace StreamVault.Catalog.Import;

/// <summary>
/// Keeps channels marked for auto-index in step two ways. Pushed: the vaults' sessions hear of new, edited and deleted
/// posts as Telegram pushes them (<see cref="IChannelEventSource"/>), and each is indexed or tombstoned at once. Polled:
/// every <see cref="CatalogOptions.AutoIndexInterval"/> (on the server's <see cref="TimeProvider"/>) the channels are
/// read, which catches what no push told (posts made while a session was disconnected, events dropped by a listener
/// that fell behind). A failed look or event is logged and the watcher carries on.
/// </summary>
internal sealed partial class ChannelWatcher(
    ChannelPostIndexer indexer, IEnumerable<IChannelEventSource> sources, IOptions<CatalogOptions> options, TimeProvider time, ILogger<ChannelWatcher> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll([PollAsync(stoppingToken), .. sources.Select(source => ListenAsync(source, stoppingToken))]);

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.AutoIndexInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
                await indexer.PollAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the watcher outlives any one failure (Telegram unreachable, a locked database): it logs and looks again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex);
            }
        }
    }

    private async Task ListenAsync(IChannelEventSource source, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in source.ListenAsync(stoppingToken))
                {
                    await HandleAsync(e, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a vault's stream failing ends no auto-index: polling goes on, and so does listening after a pause
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogListenFailed(logger, ex, source.VaultId);
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task HandleAsync(ChannelEvent e, CancellationToken stoppingToken)
    {
        try
        {
            switch (e.Kind)
            {
                case ChannelEventKind.Posted:
                    await indexer.OnPostedAsync(e.ChannelId, e.MessageIds.Max(), stoppingToken);
                    break;
                case ChannelEventKind.Edited:
                    foreach (var id in e.MessageIds)
                    {
                        await indexer.OnEditedAsync(e.ChannelId, id, stoppingToken);
                    }

                    break;
                case ChannelEventKind.Deleted:
                    await indexer.OnDeletedAsync(e.ChannelId, e.MessageIds, stoppingToken);
                    break;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // one post that cannot be indexed now (Telegram busy, a locked database) is left to the next poll
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogEventFailed(logger, ex, e.Kind, e.ChannelId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auto-index could not read its channels; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auto-index stopped hearing channel updates from vault {Vault}; listening again shortly")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, string vault);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auto-index could not act on a pushed {Kind} of channel {Channel}; the next look at the channel catches up")]
    private static partial void LogEventFailed(ILogger logger, Exception exception, ChannelEventKind kind, long channel);
}
