using Microsoft.EntityFrameworkCore;
using StreamVault.Core.Catalog;
using StreamVault.Core.Releases;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Vaults;

namespace StreamVault.Catalog.Ingest;

public enum IngestOutcome
{
    Added,
    AlreadyPresent,
    Failed,
}

public sealed record IngestFileResult(string Path, IngestOutcome Outcome, string? TitleName = null, string? Message = null);

/// <summary>
/// Copies media files into the default vault and records them in the catalogue. The bytes are written first (atomic
/// per part, under a key derived from the source fingerprint); the catalogue rows follow in one transaction. An
/// interrupted ingest therefore leaves at most unreferenced vault parts, which the re-run overwrites and completes.
/// </summary>
public sealed class IngestService(CatalogDbContext db, IVaultRegistry vaults, MediaProbe probe, CatalogWriter writer, IEnumerable<IMediaIngestedHandler> ingestedHandlers, ILogger<IngestService> logger)
{
    public static readonly IReadOnlySet<string> MediaExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".mkv", ".mp4", ".m4v", ".webm", ".avi", ".mov", ".ts", ".m2ts", ".wmv", ".flv", ".mpg", ".mpeg",
    };

    /// <summary>Expands files and folders (recursively) into the media files to ingest, in a stable order.</summary>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                files.AddRange(Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                    .Where(f => MediaExtensions.Contains(Path.GetExtension(f)))
                    .Order(StringComparer.Ordinal));
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

    public async Task<IngestFileResult> IngestFileAsync(string path, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var fingerprint = await SourceFingerprint.ComputeAsync(path, cancellationToken);
        if (await db.MediaFiles.AnyAsync(m => m.Fingerprint == fingerprint, cancellationToken))
        {
            return new IngestFileResult(path, IngestOutcome.AlreadyPresent);
        }

        var fileName = Path.GetFileName(path);
        var release = ReleaseNameParser.Parse(fileName);
        var facts = await probe.ProbeAsync(path, cancellationToken);
        var vault = vaults.Default;
        var key = "m" + fingerprint.Replace("-", string.Empty, StringComparison.Ordinal)[..40];

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
            logger.LogDebug(ex, "Concurrent ingest of {Path} won the race", path);
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
