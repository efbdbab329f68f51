using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace StreamVault.Catalog.Import;

/// <summary>Reads the channels marked for auto-index every <see cref="CatalogOptions.AutoIndexInterval"/> (on the
/// server's <see cref="TimeProvider"/>); a failed look is logged and the next one tries again.</summary>
internal sealed partial class ChannelWatcher(ChannelPostIndexer indexer, IOptions<CatalogOptions> options, TimeProvider time, ILogger<ChannelWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auto-index could not read its channels; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
