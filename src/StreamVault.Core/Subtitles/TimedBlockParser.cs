using System.Text;
using System.Text.RegularExpressions;

namespace StreamVault.Core.Subtitles;

/// <summary>
/// Reads the "start --> end" block layout that SRT and WebVTT share. A cue is its timing line plus the
/// text lines up to the next blank line; numbers/ids before the timing line and anything unparseable are skipped,
/// so one broken cue never costs the rest of the file. Runs in one pass over the lines: no backtracking, no hang.
/// </summary>
internal static partial class TimedBlockParser
{
    public static List<SubtitleCue> Parse(string text, bool keepSettings)
    {
        var cues = new List<SubtitleCue>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i++];
            if (!line.Contains("-->", StringComparison.Ordinal))
            {
                continue;
            }

            var body = new StringBuilder();
            while (i < lines.Length && lines[i].Trim().Length > 0 && !lines[i].Contains("-->", StringComparison.Ordinal))
            {
                body.Append(lines[i++]).Append('\n');
            }

            if (TryParseTiming(line, keepSettings, out var start, out var end, out var settings) && end >= start)
            {
                var cueText = CueTextSanitizer.Sanitize(body.ToString());
                if (cueText.Length > 0)
                {
                    cues.Add(new SubtitleCue(start, end, cueText, settings));
                }
            }
        }

        return cues;
    }

    private static bool TryParseTiming(string line, bool keepSettings, out TimeSpan start, out TimeSpan end, out string settings)
    {
        settings = string.Empty;
        end = default;
        var arrow = line.IndexOf("-->", StringComparison.Ordinal);
        if (!SubtitleTime.TryParse(line.AsSpan(0, arrow), out start))
        {
            return false;
        }

        var rest = line[(arrow + 3)..].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length == 0 || !SubtitleTime.TryParse(rest[0], out end))
        {
            return false;
        }

        if (keepSettings)
        {
            settings = string.Join(' ', rest.Skip(1).Where(s => CueSetting().IsMatch(s)));
        }

        return true;
    }

    /// <summary>Only the WebVTT settings we know, with plain values, are passed through.</summary>
    [GeneratedRegex(@"^(vertical|line|position|size|align):[A-Za-z0-9.%,-]{1,20}$")]
    private static partial Regex CueSetting();
}
