using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using StreamVault.Vaults.Caching;

namespace StreamVault.Catalog.Takedown;

/// <summary>
/// Where nginx keeps a cache entry: the file is named by the MD5 (hex) of its key and sits in folders taken from the end
/// of that name, one per <c>levels</c> number (levels=1:2 puts key md5 …c29b into c/29/). Each file starts with a binary
/// header, then a line "KEY: the key".
/// </summary>
internal static class NginxCacheLayout
{
    private static readonly byte[] KeyMarker = "\nKEY: "u8.ToArray();

    public static bool TryParseLevels(string? levels, out int[] widths)
    {
        widths = [];
        if (string.IsNullOrWhiteSpace(levels))
        {
            return false;
        }

        var parts = levels.Split(':');
        if (parts.Length > 3 || parts.Any(p => p is not ("1" or "2")))
        {
            return false;
        }

        widths = [.. parts.Select(p => p[0] - '0')];
        return true;
    }

    /// <summary>The path nginx uses for <paramref name="key"/> under <paramref name="root"/>.</summary>
    public static string PathOf(string root, int[] levels, string key)
    {
#pragma warning disable CA5351 // nginx names cache files by the MD5 of their key; nothing here relies on MD5 for security
        var name = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(key)));
#pragma warning restore CA5351
        var folders = new List<string> { root };
        var end = name.Length;
        foreach (var width in levels)
        {
            folders.Add(name[(end - width)..end]);
            end -= width;
        }

        folders.Add(name);
        return Path.Combine([.. folders]);
    }

    /// <summary>The key recorded in a cache file's header, or null when the file is not a cache entry.</summary>
    public static async Task<string?> ReadKeyAsync(string path, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        int length;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous))
        {
            length = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        }

        var span = buffer.AsSpan(0, length);
        var at = span.IndexOf(KeyMarker);
        if (at < 0)
        {
            return null;
        }

        var rest = span[(at + KeyMarker.Length)..];
        var end = rest.IndexOf((byte)'\n');
        return end < 0 ? null : Encoding.UTF8.GetString(rest[..end]);
    }
}

/// <summary>
/// Deletes nginx cache entries of a removed title from nginx's cache folder (<see cref="TakedownOptions.NginxCacheDirectory"/>):
/// every entry whose key names the title's, the file's or a subtitle's public id as a path segment — its pages, posters, stream and
/// download slices under any signature. A file is deleted only when it is a genuine entry: its name is the MD5 of the key
/// it records and it sits where nginx puts that key. nginx then finds the entry missing and asks this server, which answers 410.
/// </summary>
internal sealed class NginxCachePurger(IOptions<TakedownOptions> options) : IContentPurger
{
    public string Layer => "nginx cache";

    public async Task<PurgeCount> PurgeAsync(RemovedMedia media, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(media);
        if (options.Value.NginxCacheDirectory is not { Length: > 0 } configured || !NginxCacheLayout.TryParseLevels(options.Value.NginxCacheLevels, out var levels))
        {
            return default;
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(configured));
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"the nginx cache folder {root} ({TakedownOptions.Section}:NginxCacheDirectory) does not exist");
        }

        var names = new Regex($"/({string.Join('|', media.AllPublicIds.Select(Regex.Escape))})(?:[/?.#]|$)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var purged = default(PurgeCount);
        var walk = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var path in Directory.EnumerateFiles(root, "*", walk))
        {
            var name = Path.GetFileName(path);
            if (name.Length != 32 || !name.All(char.IsAsciiHexDigitLower))
            {
                continue; // nginx's temporary files (name.0000000001) and anything that is not an entry
            }

            var key = await NginxCacheLayout.ReadKeyAsync(path, cancellationToken);
            if (key is null || !names.IsMatch(key) || !string.Equals(NginxCacheLayout.PathOf(root, levels, key), path, StringComparison.Ordinal))
            {
                continue;
            }

            var length = new FileInfo(path).Length;
            File.Delete(path);
            purged += new PurgeCount(1, length);
        }

        return purged;
    }
}
