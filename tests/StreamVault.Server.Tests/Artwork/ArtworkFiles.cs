using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamVault.Server.Tests.Artwork;

/// <summary>Reads what the tests check in generated artwork: JPEG dimensions and WebVTT thumbnail cues.</summary>
internal static partial class ArtworkFiles
{
    public sealed record Cue(TimeSpan Start, TimeSpan End, string Url, int X, int Y, int W, int H);

    /// <summary>Width and height from the first start-of-frame marker; fails the test when the bytes are no JPEG.</summary>
    public static (int Width, int Height) JpegSize(byte[] jpeg)
    {
        Assert.True(jpeg.Length > 4 && jpeg[0] == 0xFF && jpeg[1] == 0xD8, "not a JPEG (no SOI marker)");
        var i = 2;
        while (i + 9 < jpeg.Length)
        {
            Assert.Equal(0xFF, jpeg[i]);
            var marker = jpeg[i + 1];
            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (marker is >= 0xC0 and <= 0xC3)
            {
                return ((jpeg[i + 7] << 8) | jpeg[i + 8], (jpeg[i + 5] << 8) | jpeg[i + 6]);
            }

            i += 2 + length;
        }

        throw new Xunit.Sdk.XunitException("JPEG without a start-of-frame marker");
    }

    public static IReadOnlyList<Cue> ParseVtt(string vtt)
    {
        Assert.StartsWith("WEBVTT", vtt, StringComparison.Ordinal);
        return CueRegex().Matches(vtt).Select(m => new Cue(
            TimeSpan.ParseExact(m.Groups["s"].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture),
            TimeSpan.ParseExact(m.Groups["e"].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture),
            m.Groups["url"].Value,
            Number(m, "x"), Number(m, "y"), Number(m, "w"), Number(m, "h"))).ToList();
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<s>\d\d:\d\d:\d\d\.\d{3}) --> (?<e>\d\d:\d\d:\d\d\.\d{3})\n(?<url>[^#\n]+)#xywh=(?<x>\d+),(?<y>\d+),(?<w>\d+),(?<h>\d+)\n")]
    private static partial Regex CueRegex();
}
