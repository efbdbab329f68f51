namespace StreamVault.Catalog;

/// <summary>The `StreamVault:Catalog` section: ingest and the first-run demo titles.</summary>
public sealed class CatalogOptions
{
    public const string Section = "StreamVault:Catalog";

    /// <summary>Add the demo titles when the catalogue is empty on start.</summary>
    public bool DemoTitles { get; set; } = true;

    /// <summary>Path to ffprobe; empty looks it up on PATH. A path that does not exist means "not installed".</summary>
    public string? FfprobePath { get; set; }
}
