using System.Globalization;
using System.Text;

namespace StreamVault.Artwork;

/// <summary>Draws a media file's poster frame and seek-thumbnail sheet with ffmpeg, each written beside its final
/// name and renamed into place, so a reader sees the old file, the new one, or none, never half of one.</summary>
public sealed partial class ArtworkExtractor(FfmpegRunner ffmpeg, ArtworkStore store, ILogger<ArtworkExtractor> logger)
{
    public const int PosterWidth = 480;
    private static readonly TimeSpan PosterTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ThumbnailTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Above this, the sheet is drawn from keyframes only: decoding every frame of a film takes minutes, keyframes seconds.</summary>
    private const double KeyframesOnlyAbove = 600;

    public bool IsAvailable => ffmpeg.IsAvailable;

    /// <summary>A frame from about 10% in: past opening logos. ffmpeg's thumbnail filter picks the most typical of the
    /// next 30 frames, which skips a black frame or a fade at that point for the price of decoding one more second.</summary>
    public async Task<bool> ExtractPosterAsync(string source, string mediaPublicId, double? durationSeconds, CancellationToken cancellationToken)
    {
        var at = durationSeconds is > 0 ? durationSeconds.Value * 0.1 : 0;
        var temp = store.TempPathFor(mediaPublicId, ArtworkKind.Poster);
        string[] arguments =
        [
            "-ss", at.ToString("0.###", CultureInfo.InvariantCulture), "-i", source, "-an", "-sn", "-dn",
            "-vf", $"thumbnail=30,scale={PosterWidth}:-2", "-frames:v", "1", "-q:v", "3", "-f", "mjpeg", "-y", temp,
        ];
        return await RunToAsync(arguments, PosterTimeout, temp, mediaPublicId, ArtworkKind.Poster, cancellationToken);
    }

    /// <summary>The sprite and its WebVTT index; needs the duration (from ffprobe) to lay out the cues.</summary>
    public async Task<bool> ExtractThumbnailsAsync(string source, string mediaPublicId, double durationSeconds, CancellationToken cancellationToken)
    {
        var sheet = ThumbnailSheet.For(durationSeconds);
        var temp = store.TempPathFor(mediaPublicId, ArtworkKind.ThumbnailSprite);
        string[] input = durationSeconds > KeyframesOnlyAbove ? ["-skip_frame", "nokey", "-i", source] : ["-i", source];
        string[] arguments = [.. input, "-an", "-sn", "-dn", "-vf", sheet.Filter, "-frames:v", "1", "-q:v", "5", "-f", "mjpeg", "-y", temp];
        if (!await RunToAsync(arguments, ThumbnailTimeout, temp, mediaPublicId, ArtworkKind.ThumbnailSprite, cancellationToken))
        {
            return false;
        }

        var index = store.TempPathFor(mediaPublicId, ArtworkKind.ThumbnailIndex);
        await File.WriteAllTextAsync(index, sheet.ToVtt(ArtworkRoutes.SpriteFromIndex), Encoding.UTF8, cancellationToken);
        store.Commit(index, mediaPublicId, ArtworkKind.ThumbnailIndex);
        return true;
    }

    private async Task<bool> RunToAsync(string[] arguments, TimeSpan timeout, string temp, string mediaPublicId, ArtworkKind kind, CancellationToken cancellationToken)
    {
        try
        {
            if (await ffmpeg.RunAsync(arguments, timeout, cancellationToken) && new FileInfo(temp) is { Exists: true, Length: > 0 })
            {
                store.Commit(temp, mediaPublicId, kind);
                return true;
            }

            Log.NotDrawn(logger, kind, mediaPublicId);
            return false;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "No {Kind} could be drawn for media {Id}")]
        public static partial void NotDrawn(ILogger logger, ArtworkKind kind, string id);
    }
}
