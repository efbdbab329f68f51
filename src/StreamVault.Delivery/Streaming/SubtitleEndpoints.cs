using Microsoft.EntityFrameworkCore;
using StreamVault.Core.Subtitles;
using StreamVault.Data;
using StreamVault.Vaults;

namespace StreamVault.Delivery.Streaming;

/// <summary>
/// GET /subtitles/{publicId}/{name}: the signed subtitle links of <see cref="IMediaLinks.Subtitle"/>. Whatever the
/// stored format (SRT, WebVTT, ASS/SSA, any common encoding), the browser gets sanitised UTF-8 WebVTT.
/// </summary>
public static class SubtitleEndpoints
{
    public static IEndpointRouteBuilder MapSubtitles(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/subtitles/{publicId}/{name?}", [HttpMethods.Get, HttpMethods.Head], ServeAsync).WithName(DeliveryRoutes.Subtitle).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(HttpContext context, string publicId, CatalogDbContext db, LinkSigner signer, IVaultRegistry vaults, CancellationToken ct)
    {
        var denied = StreamEndpoints.CheckLink(context.Request, signer, LinkPurpose.Subtitle, publicId);
        if (denied is not null)
        {
            return denied;
        }

        var subtitle = await db.Subtitles.AsNoTracking()
            .Where(s => s.PublicId == publicId)
            .Select(s => new { s.VaultId, s.Locator, s.Size, s.Format, FileRemoved = s.MediaFile!.RemovedAt != null, TitleRemoved = s.MediaFile.Title!.RemovedAt != null })
            .FirstOrDefaultAsync(ct);
        if (subtitle is null)
        {
            return StreamEndpoints.Problem(StatusCodes.Status404NotFound, "Not found", "No subtitle has this id.");
        }

        if (subtitle.FileRemoved || subtitle.TitleRemoved)
        {
            return StreamEndpoints.Gone();
        }

        var vault = vaults.Find(subtitle.VaultId);
        if (vault is null || subtitle.Size > SubtitleConverter.MaxInputBytes || !SubtitleConverter.TryGetFormat(subtitle.Format, out var format))
        {
            return StreamEndpoints.Problem(StatusCodes.Status503ServiceUnavailable, "Subtitle unavailable", "This subtitle cannot be read right now.");
        }

        var bytes = await ReadAllAsync(vault, subtitle.Locator, subtitle.Size, ct);
        string vtt;
        try
        {
            vtt = SubtitleConverter.ToWebVtt(bytes, format);
        }
        catch (SubtitleFormatException ex)
        {
            return StreamEndpoints.Problem(StatusCodes.Status422UnprocessableEntity, "Subtitle not readable", ex.Message);
        }

        context.Response.Headers.CacheControl = "private, max-age=3600";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Text(vtt, "text/vtt; charset=utf-8");
    }

    private static async Task<byte[]> ReadAllAsync(IVault vault, string locator, long size, CancellationToken ct)
    {
        var buffer = new byte[size];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await vault.ReadAsync(locator, read, buffer.AsMemory(read), ct);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read == buffer.Length ? buffer : buffer[..read];
    }
}
