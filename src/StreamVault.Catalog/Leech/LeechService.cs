using System.Globalization;
using Microsoft.Extensions.Options;
using StreamVault.Catalog.Ingest;
using StreamVault.Catalog.Jobs;
using StreamVault.Platform;

namespace StreamVault.Catalog.Leech;

/// <summary>How a leech ended: each file ingested (or refused), from one download.</summary>
public sealed record LeechResult(string FileName, long Bytes, IReadOnlyList<IngestFileResult> Files)
{
    public string Summary =>
        $"{FileName}: {Bytes} bytes, {Files.Count(f => f.Outcome == IngestOutcome.Added)} added, {Files.Count(f => f.Outcome == IngestOutcome.AlreadyPresent)} already present" +
        (Files.Where(f => f.Outcome is IngestOutcome.Refused or IngestOutcome.Failed).Select(f => $"; {Path.GetFileName(f.Path)}: {f.Message}") is var problems && problems.Any() ? string.Concat(problems) : string.Empty);
}

/// <summary>
/// Leech: a media file or an archive of them, by http(s) URL, into the configured vault. The download is safe
/// (<see cref="LeechDownloader"/>), an archive is unpacked with limits (<see cref="ArchiveExtractor"/>), and every file
/// goes through <see cref="IngestService"/>, which refuses what is not media (ffprobe) and picks up subtitles beside it.
/// Runs as an operator job, so the bot, the dashboard and the CLI see its progress and can cancel it.
/// </summary>
public sealed class LeechService(IOperatorJobs jobs, IServiceScopeFactory scopes, LeechDownloader downloader, ArchiveExtractor extractor, IOptions<StreamVaultOptions> data, TimeProvider time)
{
    public const string JobKind = "leech";

    /// <summary>Checks the link and starts the job; a link that cannot be leeched is refused at once, with the reason.</summary>
    public JobSnapshot Start(string link, string actor)
    {
        var url = Parse(link);
        return jobs.Start(JobKind, $"leech {url}", actor, async progress => (await RunAsync(url, progress, progress.Cancellation)).Summary);
    }

    /// <summary>The link as an absolute http(s) URL, or a refusal saying what is wrong with it.</summary>
    public static Uri Parse(string? text)
    {
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var link) || (link.Scheme != Uri.UriSchemeHttp && link.Scheme != Uri.UriSchemeHttps))
        {
            throw new LeechRefusedException($"'{text}' is not an http or https link");
        }

        if (link.UserInfo.Length > 0)
        {
            throw new LeechRefusedException("links with a user name or password are not leeched");
        }

        return link;
    }

    public async Task<LeechResult> RunAsync(Uri url, IJobProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var staging = data.Value.PathInData("leech", Guid.NewGuid().ToString("N"));
        try
        {
            var started = time.GetTimestamp();
            var downloaded = await downloader.DownloadAsync(url, Path.Combine(staging, "in"), new Progress<DownloadProgress>(p => progress?.Report(Describe(p, time.GetElapsedTime(started)), p.Total is > 0 ? (double)p.Bytes / p.Total.Value : null)), cancellationToken);
            // The file takes its real name only now, so ingest reads the release name from it and finds sidecars beside it.
            var named = Path.Combine(staging, "file", downloaded.FileName);
            Directory.CreateDirectory(Path.GetDirectoryName(named)!);
            File.Move(downloaded.Path, named);

            IReadOnlyList<string> files;
            if (ArchiveExtractor.IsArchive(named))
            {
                progress?.Report($"unpacking {downloaded.FileName}");
                var unpacked = await extractor.ExtractAsync(named, Path.Combine(staging, "unpacked"), cancellationToken);
                files = [.. unpacked.Where(f => IngestService.MediaExtensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal)];
                if (files.Count == 0)
                {
                    throw new LeechRefusedException($"the archive {downloaded.FileName} holds no media file ({string.Join(' ', IngestService.MediaExtensions.Order())})");
                }
            }
            else
            {
                files = [named];
            }

            var results = new List<IngestFileResult>();
            foreach (var (file, index) in files.Select((f, i) => (f, i)))
            {
                progress?.Report($"ingesting {Path.GetFileName(file)} ({index + 1}/{files.Count})", (double)index / files.Count);
                await using var scope = scopes.CreateAsyncScope();
                results.Add(await scope.ServiceProvider.GetRequiredService<IngestService>().IngestFileAsync(file, null, cancellationToken));
            }

            var result = new LeechResult(downloaded.FileName, downloaded.Length, results);
            if (!results.Any(r => r.Outcome is IngestOutcome.Added or IngestOutcome.AlreadyPresent))
            {
                throw new LeechRefusedException($"nothing was ingested: {result.Summary}");
            }

            return result;
        }
        finally
        {
            try
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }
            }
            catch (IOException)
            {
                // Staging is inside the data folder; a file still held open is left for the next start to overwrite.
            }
        }
    }

    private static string Describe(DownloadProgress progress, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds > 0 ? progress.Bytes / elapsed.TotalSeconds : 0;
        var of = progress.Total is { } total ? string.Create(CultureInfo.InvariantCulture, $" of {total / 1048576.0:0.0} MiB") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"downloading: {progress.Bytes / 1048576.0:0.0} MiB{of} at {rate / 1048576.0:0.0} MiB/s");
    }
}
