namespace StreamVault.Site;

/// <summary>The site's URL shapes in one place. Every id here is a public id, never a database id or vault locator.</summary>
public static class SiteUrls
{
    public const string SignIn = "/signin";
    public const string SignOut = "/signout";

    public static string Title(string publicId, string slug) =>
        string.IsNullOrEmpty(slug) ? $"/title/{Uri.EscapeDataString(publicId)}" : $"/title/{Uri.EscapeDataString(publicId)}/{Uri.EscapeDataString(slug)}";

    public static string Watch(string filePublicId) => $"/watch/{Uri.EscapeDataString(filePublicId)}";

    public static string Poster(string publicId) => $"/poster/{Uri.EscapeDataString(publicId)}.svg";
}
