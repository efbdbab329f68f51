using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace StreamVault.Artwork;

/// <summary>
/// The layout of the seek-thumbnail sprite: one tile every <see cref="IntervalSeconds"/>, at most
/// <see cref="MaxTiles"/> tiles (a long film gets a wider interval, not a huge image), <see cref="Columns"/> per row.
/// The WebVTT index is what Plyr's previewThumbnails reads: one cue per tile pointing at sprite#xywh=x,y,w,h.
/// </summary>
public sealed record ThumbnailSheet(double DurationSeconds, int IntervalSeconds, int Count, int Columns)
{
    public const int TileWidth = 160;
    public const int TileHeight = 90;
    public const int MaxTiles = 100;
    private const int MaxColumns = 10;

    public int Rows => (Count + Columns - 1) / Columns;

    public int Width => Columns * TileWidth;

    public int Height => Rows * TileHeight;

    public static ThumbnailSheet For(double durationSeconds)
    {
        var interval = Math.Max(1, (int)Math.Ceiling(durationSeconds / MaxTiles));
        var count = Math.Clamp((int)Math.Ceiling(durationSeconds / interval), 1, MaxTiles);
        return new ThumbnailSheet(durationSeconds, interval, count, Math.Min(count, MaxColumns));
    }

    /// <summary>The ffmpeg filter that draws the sheet: a frame every interval, letterboxed into a tile, tiled.</summary>
    public string Filter => string.Create(CultureInfo.InvariantCulture,
        $"fps=1/{IntervalSeconds},scale={TileWidth}:{TileHeight}:force_original_aspect_ratio=decrease,pad={TileWidth}:{TileHeight}:(ow-iw)/2:(oh-ih)/2,tile={Columns}x{Rows}");

    [SuppressMessage("Design", "CA1054:URI-like parameters should not be strings", Justification = "A site-relative path (/watch/..., /assets/...) written into HTML or JSON as it is, not an absolute address a Uri would model.")]
    public string ToVtt(string spriteUrl)
    {
        var vtt = new StringBuilder("WEBVTT\n");
        for (var i = 0; i < Count; i++)
        {
            var start = (double)i * IntervalSeconds;
            var end = i == Count - 1 ? DurationSeconds : Math.Min(DurationSeconds, start + IntervalSeconds);
            vtt.Append(CultureInfo.InvariantCulture, $"\n{Time(start)} --> {Time(end)}\n{spriteUrl}#xywh={i % Columns * TileWidth},{i / Columns * TileHeight},{TileWidth},{TileHeight}\n");
        }

        return vtt.ToString();
    }

    private static string Time(double seconds) => TimeSpan.FromMilliseconds(Math.Round(seconds * 1000)).ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
}
