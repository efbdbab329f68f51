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

    /// <summary>How often channels marked for auto-index are read for new and deleted posts (through the swarm, within
    /// its budget): the safety net under the updates Telegram pushes to the sessions, which are acted on at once
    /// whatever this says. <c>0</c> turns polling off (posts then arrive only pushed or through <c>IChannelPostIndexer</c>).</summary>
    public TimeSpan AutoIndexInterval { get; set; } = TimeSpan.FromSeconds(10);
}

internal sealed class CatalogOptionsValidation : IValidateOptions<CatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogOptions options) =>
        Executables.CheckConfigured(options.FfprobePath, CatalogOptions.Section + ":FfprobePath", "ffprobe") is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : options.AutoIndexInterval < TimeSpan.Zero || (options.AutoIndexInterval > TimeSpan.Zero && options.AutoIndexInterval < TimeSpan.FromSeconds(1))
                ? ValidateOptionsResult.Fail($"{CatalogOptions.Section}:AutoIndexInterval must be 0 (off) or at least 00:00:01.")
                : ValidateOptionsResult.Success;
}
