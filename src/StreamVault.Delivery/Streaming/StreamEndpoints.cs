using Microsoft.AspNetCore.Http.HttpResults;
using StreamVault.Catalog;
using StreamVault.Delivery.Policy;
using StreamVault.Vaults;

namespace StreamVault.Delivery.Streaming;

/// <summary>The signed byte endpoints: /stream (inline, for players) and /download (attachment).</summary>
public static class StreamEndpoints
{
    public static IEndpointRouteBuilder MapStreaming(this IEndpointRouteBuilder app)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/stream/{publicId}/{name?}", methods, (HttpContext context, string publicId, [AsParameters] ByteServices services, CancellationToken ct)
            => ServeAsync(context, LinkPurpose.Play, publicId, services, ct))
            .WithName(DeliveryRoutes.Stream).WithMetadata(SignedByteRoute.Instance).ExcludeFromDescription();
        app.MapMethods("/download/{publicId}/{name?}", methods, (HttpContext context, string publicId, [AsParameters] ByteServices services, CancellationToken ct)
            => ServeAsync(context, LinkPurpose.Download, publicId, services, ct))
            .WithName(DeliveryRoutes.Download).WithMetadata(SignedByteRoute.Instance).ExcludeFromDescription();
        return app;
    }

    /// <summary>What the byte endpoints need, bound from services in one parameter.</summary>
    internal sealed record ByteServices(MediaLookupCache Lookups, LinkSigner Signer, IVaultRegistry Vaults, IMediaByteSource Bytes, DeliveryPolicies Policies, ActiveViewers Viewers, ILoggerFactory Logs);

    private static async Task<IResult> ServeAsync(HttpContext context, LinkPurpose purpose, string publicId, ByteServices services, CancellationToken ct)
    {
        var (lookups, signer, vaults, bytes, policies, viewers, logs) = services;
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
            return Gone();
        }

        // The policy may have changed since the link was signed: it is checked on every request.
        var policy = await policies.GetAsync(ct);
        if (purpose == LinkPurpose.Play && !policy.CanStream(lookup.File))
        {
            return Problem(StatusCodes.Status403Forbidden, "Streaming not offered", "This quality is not offered for streaming. Open the title page again for the download or mirror.");
        }

        if (purpose == LinkPurpose.Download && !policy.CanDownload(lookup.File))
        {
            return Problem(StatusCodes.Status403Forbidden, "Download not offered", "This quality is offered through a mirror link. Open the title page again to find it.");
        }

        if (purpose == LinkPurpose.Play)
        {
            context.Response.RegisterForDispose(viewers.Begin(context.Connection.RemoteIpAddress, publicId));
        }

        var response = MediaResponse.Create(lookup, purpose == LinkPurpose.Download, vaults, bytes);
        return new GoneWhenRemovedResult(response, publicId, lookups, logs.CreateLogger(typeof(StreamEndpoints)));
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

    internal static ProblemHttpResult Gone() =>
        Problem(StatusCodes.Status410Gone, "Gone", "This title was removed and is no longer available.");

    internal static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
