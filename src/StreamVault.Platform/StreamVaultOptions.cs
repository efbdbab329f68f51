using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace StreamVault.Platform;

/// <summary>The `StreamVault` section (appsettings.json or env STREAMVAULT__NAME): what every module shares. Each
/// module's own knobs live in its own subsection (StreamVault:Catalog, StreamVault:Delivery, ...).</summary>
public sealed class StreamVaultOptions
{
    public const string Section = "StreamVault";

    /// <summary>Folder for the SQLite catalogue, the local vault, caches and keys. A relative path is taken from the
    /// working directory of the command.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "StreamVault:DataDirectory must name a folder, e.g. \"data\" or \"/srv/streamvault\".")]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Public address people use, for links printed outside a request (the admin sign-in link, the bot).</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "Bound from configuration as a string and checked by [Url]; a Uri property would turn a typo into a binding exception instead of the validation message.")]
    [Url(ErrorMessage = "StreamVault:PublicBaseUrl must be an absolute http or https address, e.g. \"https://vault.example.com\".")]
    public string? PublicBaseUrl { get; set; }

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    public string DatabasePath => Path.Combine(FullDataDirectory, "catalog.db");

    public string PathInData(params string[] parts) => Path.Combine([FullDataDirectory, .. parts]);
}
