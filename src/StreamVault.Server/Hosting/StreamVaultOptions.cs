using System.ComponentModel.DataAnnotations;

namespace StreamVault.Server.Hosting;

/// <summary>The `StreamVault` configuration section (appsettings.json or env STREAMVAULT__NAME).</summary>
public sealed class StreamVaultOptions
{
    public const string Section = "StreamVault";

    /// <summary>Folder for the SQLite catalogue, the local vault and generated secrets. Relative paths are taken from the working directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Public address people use, for links printed in the console (the admin sign-in link).</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Secret for signing stream links. Empty: generated on first run and kept in the catalogue.</summary>
    public string? LinkSigningSecret { get; set; }

    /// <summary>How long a signed stream or download link stays valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "StreamVault:StreamLinkLifetime must be between 1 minute and 7 days, e.g. \"06:00:00\".")]
    public TimeSpan StreamLinkLifetime { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Add the demo titles when the catalogue is empty on start.</summary>
    public bool DemoTitles { get; set; } = true;

    /// <summary>Path to ffprobe; empty looks it up on PATH.</summary>
    public string? FfprobePath { get; set; }

    /// <summary>Path to ffmpeg (poster frames and seek thumbnails); empty looks it up on PATH.</summary>
    public string? FfmpegPath { get; set; }

    /// <summary>Split local vault objects larger than this (bytes). Mostly for tests of multi-part files.</summary>
    [Range(1L, long.MaxValue, ErrorMessage = "StreamVault:LocalVaultMaxPartSize must be a positive number of bytes.")]
    public long LocalVaultMaxPartSize { get; set; } = long.MaxValue;

    /// <summary>Where ingest stores new files: "local" (a folder in the data directory), "telegram" (documents in a
    /// Telegram channel, read through the session swarm and the slice cache; settings in StreamVault:Telegram) or
    /// "simulated-telegram" (a stand-in for Telegram with its limits and faults).</summary>
    [RegularExpression("^(local|telegram|simulated-telegram)$", ErrorMessage = "StreamVault:Vault must be \"local\", \"telegram\" or \"simulated-telegram\".")]
    public string Vault { get; set; } = "local";

    /// <summary>Bytes of 1 MiB slices the disk cache keeps for remote vaults (default 20 GiB).</summary>
    [Range(16L * 1024 * 1024, long.MaxValue, ErrorMessage = "StreamVault:SliceCacheBytes must be at least 16 MiB (16777216).")]
    public long SliceCacheBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>Folder of the slice cache; empty puts it in the data directory.</summary>
    public string? SliceCacheDirectory { get; set; }

    public bool UsesSimulatedTelegram => Vault == "simulated-telegram";

    public bool UsesTelegram => Vault == "telegram";

    /// <summary>Default folder of saved Telegram sessions (StreamVault:Telegram:SessionsFolder overrides it).</summary>
    public string TelegramSessionsDirectory => Path.Combine(FullDataDirectory, "telegram", "sessions");

    public string FullSliceCacheDirectory => Path.GetFullPath(SliceCacheDirectory ?? Path.Combine(FullDataDirectory, "cache", "slices"));

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    public string DatabasePath => Path.Combine(FullDataDirectory, "catalog.db");

    /// <summary>Generated poster frames and seek thumbnails, one folder per media file's public id.</summary>
    public string ArtworkDirectory => Path.Combine(FullDataDirectory, "artwork");

    public string VaultDirectory => Path.Combine(FullDataDirectory, "vault");
}
