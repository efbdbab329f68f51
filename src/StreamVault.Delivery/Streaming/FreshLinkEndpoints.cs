using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using StreamVault.Catalog;
using StreamVault.Data;
using StreamVault.Delivery.Policy;

namespace StreamVault.Delivery.Streaming;

/// <summary>
/// GET /api/links/play/{mediaId}: fresh signed links for a media file, for a player whose links expired while the
/// viewer paused. Guests watch, so it needs no sign-in; it answers only what the watch page of that file already shows
/// (its stream link and its subtitle links) and keeps the same rules: 410 once removed, 403 when the quality does not
/// stream.
/// </summary>
public static class FreshLinkEndpoints
{
    public static IEndpointRouteBuilder MapFreshLinks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/links/play/{mediaId}", FreshAsync).WithName(DeliveryRoutes.FreshPlayLinks);
        return app;
    }

    /// <summary>The stream link and the file's subtitle links; <see cref="FreshSubtitleLink.Id"/> is the subtitle's
    /// public id, as in the path of the link it replaces.</summary>
    public sealed record FreshPlayLinks(string Stream, IReadOnlyList<FreshSubtitleLink> Subtitles);

    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "A site-relative path (/watch/..., /assets/...) written into HTML or JSON as it is, not an absolute address a Uri would model.")]
    [SuppressMessage("Design", "CA1054:URI-like parameters should not be strings", Justification = "A site-relative path (/watch/..., /assets/...) written into HTML or JSON as it is, not an absolute address a Uri would model.")]
    public sealed record FreshSubtitleLink(string Id, string Language, string Url);

    private static async Task<IResult> FreshAsync(HttpContext http, string mediaId, MediaLookupCache lookups, DeliveryPolicies policies, IMediaLinks links, CatalogDbContext db, CancellationToken ct)
    {
        // Signed links must not be kept by a cache in between: each answer is good for one lifetime from now.
        http.Response.Headers.CacheControl = "no-store";
        var lookup = await lookups.FindAsync(mediaId, ct);
        if (lookup is null)
        {
            return StreamEndpoints.Problem(StatusCodes.Status404NotFound, "Not found", "No media file has this id.");
        }

        if (lookup.Removed)
        {
            return StreamEndpoints.Problem(StatusCodes.Status410Gone, "Gone", "This title was removed and is no longer available.");
        }

        var stream = links.Play(lookup.File, await policies.GetAsync(ct));
        if (stream is null)
        {
            return StreamEndpoints.Problem(StatusCodes.Status403Forbidden, "Streaming not offered", "This quality is no longer offered for streaming. Open the title page again for the download or mirror.");
        }

        var subtitles = await db.Subtitles.AsNoTracking().Where(s => s.MediaFileId == lookup.File.Id).OrderBy(s => s.Id).ToListAsync(ct);
        return TypedResults.Ok(new FreshPlayLinks(stream, subtitles.ConvertAll(s => new FreshSubtitleLink(s.PublicId, s.Language, links.Subtitle(s)))));
    }
}
