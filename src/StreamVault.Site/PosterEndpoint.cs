using Microsoft.EntityFrameworkCore;
using StreamVault.Artwork;
using StreamVault.Catalog;
using StreamVault.Data;

namespace StreamVault.Site;

/// <summary>GET /art/{titleId}/poster.jpg: the poster frame of the title's main media file, or a redirect to the
/// generated placeholder when there is none. Unknown ids answer 404, taken-down titles 410.</summary>
internal static class PosterEndpoint
{
    internal static async Task<IResult> PosterAsync(HttpContext http, string titleId, SiteCatalog catalog, SiteLinks links, CatalogDbContext db, ArtworkService artwork, CancellationToken ct)
    {
        var card = await catalog.FindTitleCardAsync(titleId, ct);
        if (card is null)
        {
            // A taken-down title's poster is gone, not unknown: nginx and browsers must drop what they kept.
            return await db.Titles.AnyAsync(t => t.PublicId == titleId && t.RemovedAt != null, ct) ? ArtworkEndpoints.Gone() : TypedResults.NotFound();
        }

        var media = card.PosterMediaId is { } mediaId ? await db.FindMediaAsync(mediaId, ct) : null;
        var path = media is { Removed: false } ? await artwork.PosterAsync(media, ct) : null;
        if (path is null)
        {
            // Not cached for long: the frame may be drawn later (ffmpeg installed, a re-ingest).
            http.Response.Headers.CacheControl = "public, max-age=300";
            return TypedResults.Redirect(links.PlaceholderPoster(card.PublicId));
        }

        return ArtworkEndpoints.File(http, path, "image/jpeg");
    }
}
