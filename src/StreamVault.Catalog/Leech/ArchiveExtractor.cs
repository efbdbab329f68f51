using Microsoft.Extensions.Options;
using SharpCompress.Archives;
using SharpCompress.Common;
using SharpCompress.Readers;

namespace StreamVault.Catalog.Leech;

/// <summary>
/// Unpacks a leeched zip, rar or 7z archive into a folder of ours, refusing the whole archive at the first entry that
/// would escape it (zip slip: "..", absolute paths, drive letters) or is a link, and at the first sign of a bomb: too
/// many entries, an entry (or the whole archive, for solid ones) that unpacks to more than
/// <see cref="LeechOptions.MaxCompressionRatio"/> times its packed size, or more than <see cref="LeechOptions.MaxArchiveBytes"/> in all — counted while writing, as headers can lie.
/// </summary>
public sealed class ArchiveExtractor(IOptions<LeechOptions> options)
{
    /// <summary>True when the file is a zip, rar or 7z archive, judged by its bytes (a link's name often says nothing).</summary>
    public static bool IsArchive(string path)
    {
        using var stream = File.OpenRead(path);
        return ArchiveFactory.IsArchive(stream, out var type) && type is ArchiveType.Zip or ArchiveType.Rar or ArchiveType.SevenZip;
    }

    /// <summary>Extracts every file entry under <paramref name="folder"/>; returns the paths written.</summary>
    public async Task<IReadOnlyList<string>> ExtractAsync(string archivePath, string folder, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(root);
        using var archive = OpenArchive(archivePath);
        var entries = archive.Entries.ToList();
        if (entries.Count > settings.MaxArchiveEntries)
        {
            throw new LeechRefusedException($"the archive holds {entries.Count} entries, over the limit of {settings.MaxArchiveEntries} ({LeechOptions.Section}:MaxArchiveEntries)");
        }

        if (entries.Any(e => e.IsEncrypted))
        {
            throw new LeechRefusedException("the archive is encrypted");
        }

        // A solid 7z or rar packs many entries into one stream and gives an entry no packed size of its own, so the
        // per-entry ratio cannot see a bomb there: the bytes written in all are also held to the ratio of the whole
        // archive's size (past the first MiB, as a tiny archive of subtitles may well unpack to 100× its size).
        var wholeArchiveBound = Math.Max(new FileInfo(archivePath).Length * settings.MaxCompressionRatio, 1_048_576);
        var written = new List<string>();
        long total = 0;
        foreach (var entry in entries)
        {
            var target = TargetOf(root, entry.Key);
            if (!string.IsNullOrEmpty(entry.LinkTarget))
            {
                throw new LeechRefusedException($"refused the archive: entry '{LeechNames.Safe(entry.Key)}' is a link");
            }

            if (entry.IsDirectory)
            {
                continue;
            }

            if (entry.Size > 0 && entry.CompressedSize > 0 && (double)entry.Size / entry.CompressedSize > settings.MaxCompressionRatio)
            {
                throw new LeechRefusedException($"refused the archive: entry '{LeechNames.Safe(entry.Key)}' unpacks to {entry.Size / entry.CompressedSize}× its size, over {settings.MaxCompressionRatio} ({LeechOptions.Section}:MaxCompressionRatio): a zip bomb?");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using (var source = entry.OpenEntryStream())
            await using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                long entryBytes = 0;
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    entryBytes += read;
                    total += read;
                    if (total > settings.MaxArchiveBytes)
                    {
                        throw new LeechRefusedException($"refused the archive: it unpacks to more than {settings.MaxArchiveBytes} bytes ({LeechOptions.Section}:MaxArchiveBytes): a zip bomb?");
                    }

                    if (total > wholeArchiveBound)
                    {
                        throw new LeechRefusedException($"refused the archive: it unpacks to more than {settings.MaxCompressionRatio}× its size ({LeechOptions.Section}:MaxCompressionRatio): a zip bomb?");
                    }

                    if (entry.CompressedSize > 0 && entryBytes > 1_048_576 && (double)entryBytes / entry.CompressedSize > settings.MaxCompressionRatio)
                    {
                        throw new LeechRefusedException($"refused the archive: entry '{LeechNames.Safe(entry.Key)}' unpacks to more than {settings.MaxCompressionRatio}× its size ({LeechOptions.Section}:MaxCompressionRatio): a zip bomb?");
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            written.Add(target);
        }

        return written;
    }

    private static IArchive OpenArchive(string path)
    {
        try
        {
            return ArchiveFactory.OpenArchive(path, new ReaderOptions());
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or ArgumentException or NotSupportedException)
        {
            throw new LeechRefusedException($"the archive cannot be read: {ex.Message}");
        }
    }

    /// <summary>Where an entry goes, or a refusal when its name leaves the folder.</summary>
    private static string TargetOf(string root, string? key)
    {
        var name = (key ?? string.Empty).Replace('\\', '/');
        var shown = LeechNames.Safe(name);
        if (name.Length == 0 || name.StartsWith('/') || (name.Length > 1 && name[1] == ':') || name.Split('/').Any(s => s == ".."))
        {
            throw new LeechRefusedException($"refused the archive: entry '{shown}' points outside its folder (zip slip)");
        }

        var segments = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").Select(s => new string([.. s.Where(c => !char.IsControl(c))])).ToArray();
        var full = Path.GetFullPath(Path.Combine([root, .. segments]));
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            throw new LeechRefusedException($"refused the archive: entry '{shown}' points outside its folder (zip slip)");
        }

        return full;
    }
}
