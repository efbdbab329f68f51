namespace StreamVault.Artwork;

/// <summary>Names of the artwork endpoints; links to them are built from these names by <see cref="LinkGenerator"/>,
/// so each route's template is written once, where it is mapped.</summary>
public static class ArtworkRoutes
{
    public const string ThumbnailIndex = "artwork.thumbnail-index";
    public const string ThumbnailSprite = "artwork.thumbnail-sprite";

    /// <summary>The sprite as the index names it: relative to the index's own URL (.../thumbs.vtt → .../thumbs.jpg), which
    /// is how WebVTT thumbnail tracks and Plyr resolve it. The index is written at ingest, where no router runs.</summary>
    public const string SpriteFromIndex = "thumbs.jpg";
}
