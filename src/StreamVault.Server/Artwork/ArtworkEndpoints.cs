using Microsoft.Net.Http.Headers;
using StreamVault.Data;
using StreamVault.Server.Catalog;
using StreamVault.Server.Site;

namespace StreamVault.Server.Artwork;

/// <summary>
/// GET /art/{titleId}/poster.jpg (the poster frame of the title's main media file, or a redirect to the generated
/// placeholder when there is none), /art/media/{mediaId}/thumbs.vtt and thumbs.jpg (Plyr's seek thumbnails).
/// Unknown and removed ids answer 404. Files are found by public id through the catalogue, never by request text.
/// </summary>
public static class ArtworkEndpoints
{
    public static IEndpointRouteBuilder MapArtwork(this IEndpointRouteBuilder app)
    {
        app.MapGet("/art/{titleId}/poster.jpg", PosterAsync);
        app.MapGet("/art/media/{mediaId}/thumbs.vtt", (HttpContext http, string mediaId, CatalogDbContext db, ArtworkService artwork, CancellationToken ct) =>
            ThumbnailsAsync(http, mediaId, ArtworkKind.ThumbnailIndex, db, artwork, ct));
        app.MapGet("/art/media/{mediaId}/thumbs.jpg", (HttpContext http, string mediaId, CatalogDbContext db, ArtworkService artwork, CancellationToken ct) =>
            ThumbnailsAsync(http, mediaId, ArtworkKind.ThumbnailSprite, db, artwork, ct));
        return app;
    }

    private static async Task<IResult> PosterAsync(HttpContext http, string titleId, SiteCatalog catalog, CatalogDbContext db, ArtworkService artwork, CancellationToken ct)
    {
        var card = await catalog.FindTitleCardAsync(titleId, ct);
        if (card is null)
        {
            return TypedResults.NotFound();
        }

        var media = card.PosterMediaId is { } mediaId ? await db.FindMediaAsync(mediaId, ct) : null;
        var path = media is { Removed: false } ? await artwork.PosterAsync(media, ct) : null;
        if (path is null)
        {
            // Not cached for long: the frame may be drawn later (ffmpeg installed, a re-ingest).
            http.Response.Headers.CacheControl = "public, max-age=300";
            return TypedResults.Redirect(SiteUrls.Poster(card.PublicId));
        }

        return File(http, path, "image/jpeg");
    }

    private static async Task<IResult> ThumbnailsAsync(HttpContext http, string mediaId, ArtworkKind kind, CatalogDbContext db, ArtworkService artwork, CancellationToken ct)
    {
        var media = await db.FindMediaAsync(mediaId, ct);
        var path = media is { Removed: false } ? await artwork.ThumbnailsAsync(media, kind, ct) : null;
        return path is null ? TypedResults.NotFound() : File(http, path, kind == ArtworkKind.ThumbnailIndex ? "text/vtt; charset=utf-8" : "image/jpeg");
    }

    /// <summary>Strong validator from the file's length and write time: every new drawing is a new file (renamed into place).</summary>
    private static IResult File(HttpContext http, string path, string contentType)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=3600";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        var etag = new EntityTagHeaderValue($"\"a{info.LastWriteTimeUtc.Ticks:x}-{info.Length:x}\"");
        return TypedResults.PhysicalFile(path, contentType, lastModified: info.LastWriteTimeUtc, entityTag: etag);
    }
}
