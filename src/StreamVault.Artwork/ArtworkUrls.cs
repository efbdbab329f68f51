namespace StreamVault.Artwork;

/// <summary>The artwork URL shapes; public ids only.</summary>
public static class ArtworkUrls
{
    public static string Poster(string titlePublicId) => $"/art/{Uri.EscapeDataString(titlePublicId)}/poster.jpg";

    public static string ThumbnailIndex(string mediaPublicId) => $"/art/media/{Uri.EscapeDataString(mediaPublicId)}/thumbs.vtt";

    public static string ThumbnailSprite(string mediaPublicId) => $"/art/media/{Uri.EscapeDataString(mediaPublicId)}/thumbs.jpg";
}
