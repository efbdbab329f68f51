namespace StreamVault.Site;

/// <summary>
/// The site's icon, drawn in code like the placeholder posters: browsers ask for /favicon.ico on every first visit, and
/// a 404 there fills logs and leaves a blank tab. Modern browsers take SVG at that path as well as from the
/// &lt;link rel="icon"&gt; in the layout.
/// </summary>
internal static class SiteIcon
{
    public const string Path = "/favicon.svg";

    public const string ContentType = "image/svg+xml";

    // A play triangle in a rounded vault door, in the site's accent colours.
    public const string Svg = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#14161f"/><circle cx="32" cy="32" r="22" fill="none" stroke="#7c8cff" stroke-width="5"/><path d="M26 20v24l19-12z" fill="#e8ebff"/></svg>
        """;
}
