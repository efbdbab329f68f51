namespace StreamVault.Platform;

/// <summary>Finds the external tools StreamVault runs (ffprobe, ffmpeg): a configured path, or the PATH.</summary>
public static class Executables
{
    /// <summary>The configured path when it exists (a configured but missing path means "not installed"), else the
    /// first <paramref name="name"/> on PATH; null when there is none.</summary>
    public static string? Locate(string? configured, string name)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }
}
