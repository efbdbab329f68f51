namespace StreamVault.Platform;

/// <summary>Finds the external tools StreamVault runs (ffprobe, ffmpeg): a configured path, or the PATH.</summary>
public static class Executables
{
    /// <summary>The value of a tool path setting that means "do without this tool", even when it is installed.</summary>
    public const string Off = "none";

    /// <summary>The configured path when it exists, else the first <paramref name="name"/> on PATH; null when there is
    /// none or the setting is <see cref="Off"/>. A configured path that does not exist is refused at start by
    /// <see cref="CheckConfigured"/>, so here it only means "not there".</summary>
    public static string? Locate(string? configured, string name)
    {
        if (IsOff(configured))
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Why a configured tool path is not usable, or null when it is (empty, <see cref="Off"/> or an existing
    /// file). A path the operator typed that does not exist is a mistake to report, not a reason to quietly go without.</summary>
    public static string? CheckConfigured(string? configured, string setting, string name) =>
        string.IsNullOrWhiteSpace(configured) || IsOff(configured) || File.Exists(configured)
            ? null
            : $"{setting} is '{configured}', which does not exist. Point it at {name}, leave it empty to look on PATH, or set it to '{Off}' to do without {name}.";

    private static bool IsOff(string? configured) => string.Equals(configured?.Trim(), Off, StringComparison.OrdinalIgnoreCase);
}
