using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using StreamVault.Accounts;
using StreamVault.Delivery.Policy;
using StreamVault.Site.Dashboard;
using StreamVault.Site.Pages;
using StreamVault.Site.Reports;

namespace StreamVault.Site;

/// <summary>
/// The public website: server-rendered Razor components returned from minimal-API endpoints, plus the search
/// suggestion API, generated posters and the embedded front-end bundle. Program.cs calls
/// <c>builder.Services.AddSite()</c> and <c>app.MapSite()</c>.
/// </summary>
public static class SiteEndpoints
{
    public static IServiceCollection AddSite(this IServiceCollection services)
    {
        services.AddRazorComponents();
        // Razor's default encoder turns every non-ASCII letter into an entity ("Portugu&#xEA;s"); names in any script
        // stay readable while '<', '>', '&' and quotes are still escaped.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddProblemDetails();
        services.AddScoped<SiteCatalog>();
        services.AddSingleton<SiteLinks>();
        services.AddSingleton<SiteAssets>();
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiteOptions>, SiteOptionsValidation>());
        services.AddDashboard();
        return services;
    }

    public static IEndpointRouteBuilder MapSite(this IEndpointRouteBuilder app)
    {
        // Pages share one group so every HTML response carries the same security headers.
        var pages = app.MapGroup(string.Empty).AddEndpointFilter(async (context, next) =>
        {
            SetPageHeaders(context.HttpContext.Response.Headers);
            return await next(context);
        });
        pages.MapGet("/", Home).WithName(SiteRoutes.Home);
        pages.MapGet("/browse", Browse).WithName(SiteRoutes.Browse);
        pages.MapGet("/search", Search).WithName(SiteRoutes.Search);
        pages.MapGet("/title/{id}/{slug?}", TitleDetails).WithName(SiteRoutes.Title);
        pages.MapGet("/watch/{fileId}", Watch).WithName(SiteRoutes.Watch);
        pages.MapGet(AccountRoutes.SignInHelpPath, SignInHelp).WithName(SiteRoutes.SignInHelp);
        pages.MapGet(AccountRoutes.AccessDeniedPath, AccessDenied).WithName(SiteRoutes.AccessDenied);
        pages.MapReports();
        pages.MapDashboard();

        app.MapGet("/poster/{id}.svg", Poster).WithName(SiteRoutes.PlaceholderPoster);
        app.MapGet("/art/{titleId}/poster.jpg", PosterEndpoint.PosterAsync).WithName(SiteRoutes.PosterFrame);
        app.MapGet("/assets/{name}", Asset);
        app.MapGet("/favicon.ico", Icon);
        app.MapGet(SiteIcon.Path, Icon);
        app.MapGet("/api/search/suggest", Suggest);

        // Unknown API paths get ProblemDetails JSON; unknown pages the friendly 404. "nonfile" leaves paths that
        // look like files (favicon.ico, *.js) to static files and other middleware. Both catch-alls answer GET and HEAD
        // only: routing answers 415 (wrong Content-Type) or 405 (wrong method) for a real endpoint only when no other
        // endpoint matches, and a catch-all for every method always matched, turning those into 404s. Other methods on
        // unknown paths get a 404 problem from the status-code pages.
        string[] reads = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/api/{**rest}", reads, () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No API endpoint at this path."));
        pages.MapFallback("{*path:nonfile}", (HttpContext http) => NotFoundPage(http, "Page not found", "There is nothing at this address."))
            .WithMetadata(new HttpMethodMetadata(reads));
        return app;
    }

    private static async Task<RazorComponentResult> Home(HttpContext http, SiteCatalog catalog, CancellationToken ct) =>
        Page<HomePage>(new { Chrome = Chrome(http, "Home", section: "home"), Model = await catalog.HomeAsync(ct) });

    private static async Task<RazorComponentResult> Browse(HttpContext http, SiteCatalog catalog, string? kind, string? year, string? quality, string? page, CancellationToken ct)
    {
        var model = await catalog.BrowseAsync(BrowseQuery.Parse(kind, year, quality, page), ct);
        var section = model.Filter switch
        {
            { Kind: Core.Catalog.TitleKind.Movie } => "movies",
            { Kind: Core.Catalog.TitleKind.Series } => "series",
            { Quality: Core.Catalog.QualityBucket.Uhd2160 } => "4k",
            _ => "browse",
        };
        return Page<BrowsePage>(new { Chrome = Chrome(http, "Browse", section: section), Model = model });
    }

    private static async Task<RazorComponentResult> Search(HttpContext http, SiteCatalog catalog, string? q, CancellationToken ct)
    {
        var query = DisplayText.Clean(q ?? string.Empty).Trim();
        var results = await catalog.SearchAsync(query, SiteCatalog.PageSize * 2, ct);
        return Page<SearchPage>(new { Chrome = Chrome(http, query.Length == 0 ? "Search" : $"Search: {query}", query), Model = new SearchModel(query, results) });
    }

    private static async Task<RazorComponentResult> TitleDetails(HttpContext http, SiteCatalog catalog, DeliveryPolicies policies, string id, CancellationToken ct)
    {
        var title = await catalog.FindTitleAsync(id, ct);
        if (title is null)
        {
            return NotFoundPage(http, "Title not found", "We could not find that title. It may never have existed here.");
        }

        if (title.IsRemoved)
        {
            return GonePage(http);
        }

        return Page<TitlePage>(new { Chrome = Chrome(http, title.Name), Model = catalog.BuildTitle(title, await policies.GetAsync(ct)) });
    }

    private static async Task<RazorComponentResult> Watch(HttpContext http, SiteCatalog catalog, DeliveryPolicies policies, string fileId, CancellationToken ct)
    {
        var (title, file) = await catalog.FindFileAsync(fileId, ct);
        if (title is null || file is null)
        {
            return NotFoundPage(http, "Video not found", "We could not find that video.");
        }

        if (title.IsRemoved || file.RemovedAt is not null)
        {
            return GonePage(http);
        }

        var model = catalog.BuildWatch(title, file, await policies.GetAsync(ct));
        return Page<WatchPage>(new { Chrome = Chrome(http, model.Heading), Model = model });
    }

    /// <summary>Sign-in is by one-time link only; this page says how to get one (the cookie handler's LoginPath points here).</summary>
    private static RazorComponentResult<ErrorPage> SignInHelp(HttpContext http)
    {
        var result = ErrorResult(http, new ErrorModel(StatusCodes.Status200OK, "Sign in", "Sign in with the one-time link your administrator sends you (they create it with `streamvault admin-link`)."));
        result.StatusCode = StatusCodes.Status200OK;
        return result;
    }

    /// <summary>Where the cookie handler sends a signed-in visitor whose role does not open a page (an admin page).</summary>
    private static RazorComponentResult<ErrorPage> AccessDenied(HttpContext http) =>
        ErrorResult(http, new ErrorModel(StatusCodes.Status403Forbidden, "Not for this account", "This page is for the server's administrators. Sign in with an admin account to open it."));

    private static async Task<IResult> Suggest(SiteCatalog catalog, string? q, CancellationToken ct)
    {
        var results = await catalog.SearchAsync(q, SiteCatalog.SuggestSize, ct);
        return TypedResults.Json(results.Select(c => new SuggestItem(c.Name, c.Year, c.Kind == Core.Catalog.TitleKind.Series ? "Series" : "Movie", c.Url)), SuggestJson);
    }

    private static async Task<IResult> Poster(HttpContext http, SiteCatalog catalog, string id, CancellationToken ct)
    {
        var title = await catalog.FindTitleCardAsync(id, ct);
        if (title is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.Text(PosterSvg.Render(title.PublicId, title.Name, title.Year), "image/svg+xml; charset=utf-8");
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Icon(HttpContext http)
    {
        http.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.Text(SiteIcon.Svg, SiteIcon.ContentType);
    }

    private static IResult Asset(HttpContext http, SiteAssets assets, string name, string? v)
    {
        if (!assets.TryGet(name, out var asset))
        {
            return TypedResults.NotFound();
        }

        var etag = new EntityTagHeaderValue($"\"{asset.Version}\"");
        http.Response.Headers.CacheControl = v == asset.Version ? "public, max-age=31536000, immutable" : "no-cache";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Bytes(asset.Bytes, asset.ContentType, entityTag: etag);
    }

    /// <summary>
    /// Defence in depth behind Razor's escaping: only our own scripts run, nothing is framed by other sites.
    /// Inline styles stay allowed because the player sets element styles while it runs.
    /// </summary>
    internal static void SetPageHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            + "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
    }

    internal static RazorComponentResult<ErrorPage> NotFoundPage(HttpContext http, string heading, string message) =>
        ErrorResult(http, new ErrorModel(StatusCodes.Status404NotFound, heading, message));

    internal static RazorComponentResult<ErrorPage> GonePage(HttpContext http) =>
        ErrorResult(http, new ErrorModel(StatusCodes.Status410Gone, "This title has been removed", "It is no longer available on this server."));

    internal static RazorComponentResult<ErrorPage> ErrorResult(HttpContext http, ErrorModel model)
    {
        var result = Page<ErrorPage>(new { Chrome = Chrome(http, model.Heading), Model = model });
        result.StatusCode = model.StatusCode;
        return result;
    }

    internal static RazorComponentResult<TComponent> Page<TComponent>(object parameters)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        new RazorComponentResult<TComponent>(parameters);

    internal static PageChrome Chrome(HttpContext http, string title, string? query = null, string? section = null)
    {
        var user = http.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        return new PageChrome(title, signedIn ? user.Identity!.Name ?? "Account" : null, signedIn ? user.FindFirstValue(ClaimTypes.Role) : null, query, section);
    }

    // The default encoder (not the relaxed one minimal APIs use) escapes '<', '>' and '&' as \u003C...: defence in
    // depth should the JSON ever be embedded in a page.
    private static readonly JsonSerializerOptions SuggestJson = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Default };

    /// <summary>One search suggestion as JSON; System.Text.Json escapes '&lt;' so a title cannot break out of a script context either.</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "A site-relative path (/watch/..., /assets/...) written into HTML or JSON as it is, not an absolute address a Uri would model.")]
    [SuppressMessage("Design", "CA1054:URI-like parameters should not be strings", Justification = "A site-relative path (/watch/..., /assets/...) written into HTML or JSON as it is, not an absolute address a Uri would model.")]
    public sealed record SuggestItem(string Title, int? Year, string Kind, string Url);
}
