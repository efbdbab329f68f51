using Microsoft.Extensions.Options;
using StreamVault.Platform;

namespace StreamVault.Artwork;

/// <summary>The `StreamVault:Artwork` section.</summary>
public sealed class ArtworkOptions
{
    public const string Section = "StreamVault:Artwork";

    /// <summary>Path to ffmpeg (poster frames and seek thumbnails); empty looks it up on PATH, <c>none</c> turns artwork
    /// off (placeholder posters, no seek thumbnails). A path that does not exist stops the start.</summary>
    public string? FfmpegPath { get; set; }
}

internal sealed class ArtworkOptionsValidation : IValidateOptions<ArtworkOptions>
{
    public ValidateOptionsResult Validate(string? name, ArtworkOptions options) =>
        Executables.CheckConfigured(options.FfmpegPath, ArtworkOptions.Section + ":FfmpegPath", "ffmpeg") is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
}
