namespace StreamVault.Artwork;

/// <summary>The `StreamVault:Artwork` section.</summary>
public sealed class ArtworkOptions
{
    public const string Section = "StreamVault:Artwork";

    /// <summary>Path to ffmpeg (poster frames and seek thumbnails); empty looks it up on PATH. A path that does not
    /// exist turns artwork off (placeholder posters, no seek thumbnails).</summary>
    public string? FfmpegPath { get; set; }
}
