using Microsoft.EntityFrameworkCore;
using StreamVault.Core.Catalog;
using StreamVault.Core.Releases;
using StreamVault.Data;
using StreamVault.Vaults;

namespace StreamVault.Catalog.Ingest;

public enum IngestOutcome
{
    Added,
    AlreadyPresent,

    /// <summary>Not media (or not a regular file); <see cref="IngestFileResult.Message"/> says why. Nothing was stored.</summary>
    Refused,
    Failed,
}

public sealed record IngestFileResult(string Path, IngestOutcome Outcome, string? TitleName = null, string? Message = null);

/// <summary>
/// Copies media files into the default vault and records them in the catalogue. The bytes are written first (atomic
/// per part, under a key derived from the source fingerprint); the catalogue rows follow in one transaction. An
/// interrupted ingest therefore leaves at most unreferenced vault parts, which the re-run overwrites and completes.
/// </summary>
public sealed partial class IngestService(CatalogDbContext db, IVaultRegistry vaults, MediaProbe probe, CatalogWriter writer, IEnumerable<IMediaIngestedHandler> ingestedHandlers, ILogger<IngestService> logger)
{
    public static readonly IReadOnlySet<string> MediaExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".mkv", ".mp4", ".m4v", ".webm", ".avi", ".mov", ".ts", ".m2ts", ".wmv", ".flv", ".mpg", ".mpeg",
    };

    /// <summary>Expands files and folders (recursively) into the media files to ingest, in a stable order. Links to
    /// folders inside a folder are not followed (as `find` does not): a link back up the tree would otherwise be walked
    /// until the path grows too long. Files named explicitly are kept whatever their extension; ingest checks them.</summary>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                files.AddRange(MediaFilesUnder(full).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(full))
            {
                files.Add(full);
            }
            else
            {
                throw new FileNotFoundException($"No file or folder at '{path}'.", path);
            }
        }

        return files.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> MediaFilesUnder(string root)
    {
        // Compatible's settings (hidden files too), but an unreadable subfolder is skipped instead of ending the walk.
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = true };
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(root)]);
        while (pending.TryPop(out var folder))
        {
            foreach (var entry in folder.EnumerateFileSystemInfos("*", options))
            {
                if (entry is DirectoryInfo sub)
                {
                    if (sub.LinkTarget is null)
                    {
                        pending.Push(sub);
                    }
                }
                else if (MediaExtensions.Contains(entry.Extension))
                {
                    yield return entry.FullName;
                }
            }
        }
    }

    /// <summary>The vault key of a source: derived from its fingerprint, so a re-run after a crash overwrites the same
    /// parts instead of leaving a second copy.</summary>
    internal static string VaultKey(string fingerprint) => "m" + fingerprint.Replace("-", string.Empty, StringComparison.Ordinal)[..40];

    public async Task<IngestFileResult> IngestFileAsync(string path, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        // Pipes, devices and sockets report no length. Opening a FIFO blocks until something writes to it, so this check
        // comes before any open: ingest of a folder holding one used to hang for ever.
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0)
        {
            return new IngestFileResult(path, IngestOutcome.Refused, Message: info.Exists
                ? "not a regular file with content (it is empty, or a pipe, device or socket); skipped"
                : "no longer exists; skipped");
        }

        var fingerprint = await SourceFingerprint.ComputeAsync(path, cancellationToken);
        if (await db.MediaFiles.AnyAsync(m => m.Fingerprint == fingerprint, cancellationToken))
        {
            return new IngestFileResult(path, IngestOutcome.AlreadyPresent);
        }

        var check = await probe.CheckAsync(path, cancellationToken);
        if (check.Refusal is { } refusal)
        {
            return new IngestFileResult(path, IngestOutcome.Refused, Message: refusal);
        }

        var fileName = Path.GetFileName(path);
        var release = ReleaseNameParser.Parse(fileName);
        var facts = check.Facts;
        var vault = vaults.Default;
        var key = VaultKey(fingerprint);

        StoredObject stored;
        uint crc;
        await using (var source = new CrcReadStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan)))
        {
            stored = await vault.WriteAsync(key, source, progress, cancellationToken);
            crc = source.Crc;
        }

        var subtitles = new List<(SidecarSubtitle Sidecar, StoredObject Stored)>();
        foreach (var (sidecar, index) in SidecarSubtitles.Find(path).Select((s, i) => (s, i)))
        {
            await using var subtitleStream = File.OpenRead(sidecar.Path);
            subtitles.Add((sidecar, await vault.WriteAsync($"{key}-s{index}", subtitleStream, null, cancellationToken)));
        }

        var draft = new MediaDraft(fileName, fingerprint, release, facts, stored, crc, subtitles);
        try
        {
            var title = await writer.AddAsync(draft, cancellationToken);
            await NotifyAsync(path, fingerprint, facts, cancellationToken);
            return new IngestFileResult(path, IngestOutcome.Added, title.Name);
        }
        catch (DbUpdateException ex)
        {
            db.ChangeTracker.Clear();
            if (!await db.MediaFiles.AnyAsync(m => m.Fingerprint == fingerprint, CancellationToken.None))
            {
                throw;
            }

            // Another ingest of the same bytes committed first; its rows point at the same vault parts.
            Log.ConcurrentIngestWon(logger, ex, path);
            return new IngestFileResult(path, IngestOutcome.AlreadyPresent);
        }
    }

    /// <summary>Tells other modules (artwork) about the new file while its source is still local, so they need not
    /// download it from a remote vault later.</summary>
    private async Task NotifyAsync(string path, string fingerprint, ProbeResult? facts, CancellationToken cancellationToken)
    {
        if (!ingestedHandlers.Any())
        {
            return;
        }

        var publicId = await db.MediaFiles.AsNoTracking().Where(m => m.Fingerprint == fingerprint).Select(m => m.PublicId).FirstAsync(cancellationToken);
        var ingested = new IngestedMedia(path, publicId, facts);
        foreach (var handler in ingestedHandlers)
        {
            await handler.OnIngestedAsync(ingested, cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Concurrent ingest of {Path} won the race")]
        public static partial void ConcurrentIngestWon(ILogger logger, Exception exception, string path);
    }
}

/// <summary>Everything known about a file whose bytes are already in the vault.</summary>
public sealed record MediaDraft(
    string FileName,
    string Fingerprint,
    ReleaseInfo Release,
    ProbeResult? Facts,
    StoredObject Stored,
    uint Crc32,
    IReadOnlyList<(SidecarSubtitle Sidecar, StoredObject Stored)> Subtitles)
{
    public QualityBucket Quality => Facts is { Width: { } w, Height: { } h } ? QualityBuckets.FromDimensions(w, h) : Release.Quality;
}
