using StreamVault.Platform;

namespace StreamVault.Server.Hosting;

/// <summary>Creates the data folder on first use and proves it writable, so a bad folder is one clear sentence at start
/// instead of a SQLite or file-system exception later.</summary>
internal static class DataDirectory
{
    public static void Prepare(StreamVaultOptions options)
    {
        var path = options.FullDataDirectory;
        if (File.Exists(path))
        {
            throw new SetupException($"the data directory {path} is a file, not a folder. Move the file away or choose another folder with --data-dir or StreamVault:DataDirectory.");
        }

        try
        {
            Directory.CreateDirectory(path);
            var probe = Path.Combine(path, $".write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new SetupException($"the data directory {path} cannot be written ({ex.Message}). Give this user write access to it or choose another folder with --data-dir or StreamVault:DataDirectory.", ex);
        }
    }
}
