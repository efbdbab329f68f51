using StreamVault.Accounts;
using StreamVault.Artwork;
using StreamVault.Delivery.Streaming;

namespace StreamVault.Site;

/// <summary>The site's URLs, built by the router from endpoint names. Every id here is a public id, never a database id
/// or vault locator.</summary>
public sealed class SiteLinks(LinkGenerator routes)
{
    public string Title(string publicId, string slug) =>
        Path(SiteRoutes.Title, string.IsNullOrEmpty(slug) ? new() { ["id"] = publicId } : new() { ["id"] = publicId, ["slug"] = slug });

    public string Watch(string filePublicId) => Path(SiteRoutes.Watch, new() { ["fileId"] = filePublicId });

    /// <summary>The generated SVG placeholder.</summary>
    public string PlaceholderPoster(string titlePublicId) => Path(SiteRoutes.PlaceholderPoster, new() { ["id"] = titlePublicId });

    /// <summary>The poster frame drawn from the title's main file (redirects to the placeholder when there is none).</summary>
    public string PosterFrame(string titlePublicId) => Path(SiteRoutes.PosterFrame, new() { ["titleId"] = titlePublicId });

    public string ThumbnailIndex(string mediaPublicId) => Path(ArtworkRoutes.ThumbnailIndex, new() { ["mediaId"] = mediaPublicId });

    /// <summary>Where a player whose links expired asks for fresh ones.</summary>
    public string FreshPlayLinks(string mediaPublicId) => Path(DeliveryRoutes.FreshPlayLinks, new() { ["mediaId"] = mediaPublicId });

    /// <summary>The Report form of a title (GET shows it, POST sends it).</summary>
    public string Report(string titlePublicId) => Path(SiteRoutes.Report, new() { ["id"] = titlePublicId });

    /// <summary>The contact / DMCA page.</summary>
    public string Contact() => Path(SiteRoutes.Contact, []);

    public string SignInHelp() => Path(SiteRoutes.SignInHelp, []);

    public string SignOut() => Path(AccountRoutes.SignOut, []);

    private string Path(string endpoint, RouteValueDictionary values) =>
        routes.GetPathByName(endpoint, values) ?? throw new InvalidOperationException($"No endpoint is named {endpoint}: a module's Map method was not called.");
}
