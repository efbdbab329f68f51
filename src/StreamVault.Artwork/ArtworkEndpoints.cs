using Microsoft.Net.Http.Headers;
using StreamVault.Catalog;
using StreamVault.Data;

namespace StreamVault.Artwork;

/// <summary>
/// GET /art/media/{mediaId}/thumbs.vtt and thumbs.jpg (Plyr's seek thumbnails). The site maps a title's poster,
/// since which file's frame is a title's poster is the site's choice.
/// Unknown ids answer 404, removed ones 410. Files are found by public id through the catalogue, never by request text.
/// </summary>
public static class ArtworkEndpoints
{
    internal static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/art/media/{mediaId}/thumbs.vtt", (HttpContext http, string mediaId, CatalogDbContext db, ArtworkService artwork, CancellationToken ct) =>
            ThumbnailsAsync(http, mediaId, ArtworkKind.ThumbnailIndex, db, artwork, ct)).WithName(ArtworkRoutes.ThumbnailIndex);
        app.MapGet("/art/media/{mediaId}/thumbs.jpg", (HttpContext http, string mediaId, CatalogDbContext db, ArtworkService artwork, CancellationToken ct) =>
            ThumbnailsAsync(http, mediaId, ArtworkKind.ThumbnailSprite, db, artwork, ct)).WithName(ArtworkRoutes.ThumbnailSprite);
        return app;
    }

    private static async Task<IResult> ThumbnailsAsync(HttpContext http, string mediaId, ArtworkKind kind, CatalogDbContext db, ArtworkService artwork, CancellationToken ct)
    {
        var media = await db.FindMediaAsync(mediaId, ct);
        if (media is { Removed: true })
        {
            return Gone();
        }

        var path = media is not null ? await artwork.ThumbnailsAsync(media, kind, ct) : null;
        return path is null ? TypedResults.NotFound() : File(http, path, kind == ArtworkKind.ThumbnailIndex ? "text/vtt; charset=utf-8" : "image/jpeg");
    }

    /// <summary>410 for artwork of a title that was taken down.</summary>
    public static IResult Gone() =>
        TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "Gone", detail: "This title was removed and is no longer available.");

    /// <summary>Strong validator from the file's length and write time: every new drawing is a new file (renamed into place).</summary>
    public static IResult File(HttpContext http, string path, string contentType)
    {
        ArgumentNullException.ThrowIfNull(http);
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
