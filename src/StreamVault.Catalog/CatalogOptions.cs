using Microsoft.Extensions.Options;
using StreamVault.Platform;

namespace StreamVault.Catalog;

/// <summary>The `StreamVault:Catalog` section: ingest and the first-run demo titles.</summary>
public sealed class CatalogOptions
{
    public const string Section = "StreamVault:Catalog";

    /// <summary>Add the demo titles when the catalogue is empty on start.</summary>
    public bool DemoTitles { get; set; } = true;

    /// <summary>Path to ffprobe; empty looks it up on PATH, <c>none</c> goes without (files are then checked by their
    /// first bytes and described by their names). A path that does not exist stops the start.</summary>
    public string? FfprobePath { get; set; }
}

internal sealed class CatalogOptionsValidation : IValidateOptions<CatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogOptions options) =>
        Executables.CheckConfigured(options.FfprobePath, CatalogOptions.Section + ":FfprobePath", "ffprobe") is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
}
