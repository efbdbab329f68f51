using StreamVault.Catalog;
using StreamVault.Vaults;

namespace StreamVault.Delivery.Streaming;

/// <summary>
/// Serves a media response and turns "the bytes are gone" into 410 when the title was removed. The lookup cache may
/// still call a title live for a few seconds after another process (the CLI, another node) made it a tombstone and
/// deleted its parts; the failed read is the signal to ask the catalogue again, so the hot path keeps its cache and a
/// removal never shows as a 500. A response already under way cannot change its status: it is aborted, which players
/// see as a dropped connection rather than a truncated body passed off as complete.
/// </summary>
internal sealed partial class GoneWhenRemovedResult(IResult inner, string publicId, MediaLookupCache lookups, ILogger logger) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            await inner.ExecuteAsync(httpContext);
        }
        catch (Exception ex) when (IsMissingBytes(ex))
        {
            lookups.Forget(publicId);
            if (httpContext.Response.HasStarted)
            {
                Log.BytesGoneMidResponse(logger, publicId);
                httpContext.Abort();
                return;
            }

            var fresh = await lookups.FindAsync(publicId, httpContext.RequestAborted);
            if (fresh is { Removed: false })
            {
                throw;
            }

            httpContext.Response.Clear();
            await StreamEndpoints.Gone().ExecuteAsync(httpContext);
        }
    }

    private static bool IsMissingBytes(Exception ex) => ex is FileNotFoundException or DirectoryNotFoundException or VaultUnavailableException;

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "The bytes of {PublicId} went missing mid-response (removed elsewhere?); aborting it")]
        public static partial void BytesGoneMidResponse(ILogger logger, string publicId);
    }
}
