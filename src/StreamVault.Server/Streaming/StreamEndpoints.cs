using Microsoft.AspNetCore.Http.HttpResults;
using StreamVault.Server.Catalog;
using StreamVault.Vaults;

namespace StreamVault.Server.Streaming;

/// <summary>The signed byte endpoints: /stream (inline, for players) and /download (attachment).</summary>
public static class StreamEndpoints
{
    public static IEndpointRouteBuilder MapStreaming(this IEndpointRouteBuilder app)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/stream/{publicId}/{name?}", methods, (HttpContext context, string publicId, MediaLookupCache lookups, LinkSigner signer, IVaultRegistry vaults, IMediaByteSource bytes, CancellationToken ct)
            => ServeAsync(context, LinkPurpose.Play, publicId, lookups, signer, vaults, bytes, ct))
            .WithName("Stream").ExcludeFromDescription();
        app.MapMethods("/download/{publicId}/{name?}", methods, (HttpContext context, string publicId, MediaLookupCache lookups, LinkSigner signer, IVaultRegistry vaults, IMediaByteSource bytes, CancellationToken ct)
            => ServeAsync(context, LinkPurpose.Download, publicId, lookups, signer, vaults, bytes, ct))
            .WithName("Download").ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(HttpContext context, LinkPurpose purpose, string publicId, MediaLookupCache lookups, LinkSigner signer, IVaultRegistry vaults, IMediaByteSource bytes, CancellationToken ct)
    {
        var denied = CheckLink(context.Request, signer, purpose, publicId);
        if (denied is not null)
        {
            return denied;
        }

        var lookup = await lookups.FindAsync(publicId, ct);
        if (lookup is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Not found", "No media file has this id.");
        }

        if (lookup.Removed)
        {
            return Problem(StatusCodes.Status410Gone, "Gone", "This title was removed and is no longer available.");
        }

        return MediaResponse.Create(lookup, purpose == LinkPurpose.Download, vaults, bytes);
    }

    internal static IResult? CheckLink(HttpRequest request, LinkSigner signer, LinkPurpose purpose, string publicId)
    {
        if (!long.TryParse(request.Query["e"], out var expires))
        {
            return Problem(StatusCodes.Status403Forbidden, "Link not valid", "This link is missing its signature. Open the title page again to get a fresh link.");
        }

        return signer.Verify(purpose, publicId, expires, request.Query["s"]) switch
        {
            LinkCheck.Valid => null,
            LinkCheck.Expired => Problem(StatusCodes.Status403Forbidden, "Link expired", "This link has expired. Open the title page again to get a fresh link."),
            _ => Problem(StatusCodes.Status403Forbidden, "Link not valid", "This link's signature does not match. Open the title page again to get a fresh link."),
        };
    }

    internal static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
