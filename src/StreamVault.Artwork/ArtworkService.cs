using System.Collections.Concurrent;
using StreamVault.Catalog;
using StreamVault.Vaults;
using StreamVault.Vaults.Caching;

namespace StreamVault.Artwork;

/// <summary>
/// Poster frames and seek thumbnails for media files: drawn at ingest from the source file, or on first request for
/// media ingested before ffmpeg was installed. On-request drawing reads the vault's local file; media held only in a
/// remote vault (Telegram) is not drawn lazily, since that would download the whole film: it keeps the placeholder.
/// </summary>
public sealed partial class ArtworkService(ArtworkExtractor extractor, ArtworkStore store, IVaultRegistry vaults, ILogger<ArtworkService> logger) : IDisposable
{
    // Concurrent requests for one file's artwork share one ffmpeg run; a file whose drawing failed is not retried
    // until restart, so a broken file cannot make every page view start ffmpeg again.
    private readonly ConcurrentDictionary<string, Lazy<Task<bool>>> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _failed = new(StringComparer.Ordinal);

    // ffmpeg is CPU-bound: two at a time leave the server responsive while a page full of new posters is drawn.
    private readonly SemaphoreSlim _gate = new(2, 2);

    public const string UnavailableNote = "ffmpeg not found: titles get generated placeholder posters and no seek thumbnails. Install ffmpeg (apt-get install ffmpeg) or set StreamVault:Artwork:FfmpegPath.";

    public bool CanDraw => extractor.IsAvailable;

    public bool Has(string mediaPublicId, ArtworkKind kind) => store.Has(mediaPublicId, kind);

    public string PathOf(string mediaPublicId, ArtworkKind kind) => store.PathOf(mediaPublicId, kind);

    /// <summary>Draws both at ingest, while the source is local. Never throws: a file without artwork is still ingested.</summary>
    public async Task DrawAtIngestAsync(string source, string mediaPublicId, double? durationSeconds, CancellationToken cancellationToken)
    {
        if (!CanDraw)
        {
            return;
        }

        try
        {
            // Side by side: each ffmpeg mostly waits on its own decoder, and ingest (the first run's demo titles
            // included) should not wait for them one after the other.
            await Task.WhenAll(
                extractor.ExtractPosterAsync(source, mediaPublicId, durationSeconds, cancellationToken),
                durationSeconds is > 0 and var duration ? extractor.ExtractThumbnailsAsync(source, mediaPublicId, duration, cancellationToken) : Task.FromResult(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.NotWritten(logger, ex, mediaPublicId);
        }
    }

    /// <summary>The poster frame's path, drawing it now when it is missing and can be drawn; null otherwise.</summary>
    public Task<string?> PosterAsync(MediaLookup media, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(media);
        return EnsureAsync(media, ArtworkKind.Poster, (source, id, ct) => extractor.ExtractPosterAsync(source, id, media.File.DurationSeconds, ct), cancellationToken);
    }

    /// <summary>The thumbnail sprite or index path, drawing both now when missing and possible; null otherwise.</summary>
    public Task<string?> ThumbnailsAsync(MediaLookup media, ArtworkKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.File.DurationSeconds is > 0 and var duration
            ? EnsureAsync(media, kind, (source, id, ct) => extractor.ExtractThumbnailsAsync(source, id, duration, ct), cancellationToken, "thumbs")
            : Task.FromResult(store.Has(media.File.PublicId, kind) ? store.PathOf(media.File.PublicId, kind) : null);
    }

    /// <summary>Whether a page should point at the poster frame: it exists, or it can be drawn on request.</summary>
    public bool MayHavePoster(string mediaPublicId) => store.Has(mediaPublicId, ArtworkKind.Poster) || (CanDraw && !_failed.ContainsKey(mediaPublicId + ":poster"));

    public bool MayHaveThumbnails(string mediaPublicId, double? durationSeconds) =>
        store.Has(mediaPublicId, ArtworkKind.ThumbnailIndex) || (CanDraw && durationSeconds > 0 && !_failed.ContainsKey(mediaPublicId + ":thumbs"));

    /// <summary>Deletes a file's artwork; returns the files and bytes deleted.</summary>
    public PurgeCount Forget(string mediaPublicId)
    {
        var deleted = store.Delete(mediaPublicId);
        _failed.TryRemove(mediaPublicId + ":poster", out _);
        _failed.TryRemove(mediaPublicId + ":thumbs", out _);
        return deleted;
    }

    private async Task<string?> EnsureAsync(MediaLookup media, ArtworkKind kind, Func<string, string, CancellationToken, Task<bool>> draw, CancellationToken cancellationToken, string job = "poster")
    {
        var id = media.File.PublicId;
        if (store.Has(id, kind))
        {
            return store.PathOf(id, kind);
        }

        var key = $"{id}:{job}";
        if (!CanDraw || _failed.ContainsKey(key) || vaults.FindLocalFile(media.Media) is not { } source)
        {
            return null;
        }

        var run = _running.GetOrAdd(key, _ => new Lazy<Task<bool>>(() => DrawOnceAsync(key, source, id, draw)));
        // The drawing is shared: one viewer leaving must not cancel it for the others.
        var drawn = await run.Value.WaitAsync(cancellationToken);
        return drawn && store.Has(id, kind) ? store.PathOf(id, kind) : null;
    }

    private async Task<bool> DrawOnceAsync(string key, string source, string id, Func<string, string, CancellationToken, Task<bool>> draw)
    {
        await _gate.WaitAsync();
        try
        {
            var drawn = await draw(source, id, CancellationToken.None);
            if (!drawn)
            {
                _failed[key] = true;
            }

            return drawn;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.NotWritten(logger, ex, id);
            _failed[key] = true;
            return false;
        }
        finally
        {
            _gate.Release();
            _running.TryRemove(key, out _);
        }
    }

    public void Dispose() => _gate.Dispose();

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Artwork for media {Id} could not be written")]
        public static partial void NotWritten(ILogger logger, Exception exception, string id);
    }
}
