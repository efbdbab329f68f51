namespace StreamVault.Site;

/// <summary>Names of the site's endpoints. <see cref="SiteLinks"/> builds every URL from them, so a route's template is
/// written once, where <see cref="SiteEndpoints.MapSite"/> maps it.</summary>
public static class SiteRoutes
{
    public const string Home = "site.home";
    public const string Browse = "site.browse";
    public const string Search = "site.search";
    public const string Title = "site.title";
    public const string Watch = "site.watch";
    public const string SignInHelp = "site.signin-help";
    public const string AccessDenied = "site.access-denied";
    public const string PlaceholderPoster = "site.placeholder-poster";
    public const string PosterFrame = "site.poster-frame";
    public const string Report = "site.report";
    public const string Contact = "site.contact";
}
