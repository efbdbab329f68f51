using System.Text;

namespace StreamVault.Core.Subtitles;

/// <summary>Entry point: subtitle bytes in any supported format → sanitised WebVTT the browser's &lt;track&gt; can load.</summary>
public static class SubtitleConverter
{
    /// <summary>Real subtitle files are well under a megabyte; anything this big is not a subtitle.</summary>
    public const int MaxInputBytes = 16 * 1024 * 1024;

    public static string ToWebVtt(ReadOnlySpan<byte> bytes, SubtitleFormat format)
    {
        if (bytes.Length > MaxInputBytes)
        {
            throw new SubtitleFormatException($"Subtitle file is {bytes.Length} bytes; the limit is {MaxInputBytes}.");
        }

        return WriteWebVtt(Parse(SubtitleTextDecoder.Decode(bytes), format));
    }

    public static IReadOnlyList<SubtitleCue> Parse(string text, SubtitleFormat format)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<SubtitleCue> cues = format switch
        {
            SubtitleFormat.Srt => TimedBlockParser.Parse(text, keepSettings: false),
            SubtitleFormat.WebVtt => ParseWebVtt(text),
            SubtitleFormat.Ass => AssParser.Parse(text),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };

        if (cues.Count == 0 && format == SubtitleFormat.Srt && text.Trim().Length > 0 && !text.Contains("-->", StringComparison.Ordinal))
        {
            throw new SubtitleFormatException("Not an SRT file: no \"start --> end\" timing line was found.");
        }

        // WebVTT wants cues ordered by start time; ASS files often are not. OrderBy is stable, so overlapping cues keep their order.
        return cues.OrderBy(c => c.Start).ToList();
    }

    public static string WriteWebVtt(IEnumerable<SubtitleCue> cues)
    {
        ArgumentNullException.ThrowIfNull(cues);
        var vtt = new StringBuilder("WEBVTT\n\n");
        foreach (var cue in cues)
        {
            vtt.Append(SubtitleTime.ToWebVtt(cue.Start)).Append(" --> ").Append(SubtitleTime.ToWebVtt(cue.End));
            if (cue.Settings.Length > 0)
            {
                vtt.Append(' ').Append(cue.Settings);
            }

            vtt.Append('\n').Append(cue.Text).Append("\n\n");
        }

        return vtt.ToString();
    }

    public static bool TryGetFormat(string extension, out SubtitleFormat format)
    {
        ArgumentNullException.ThrowIfNull(extension);
        switch (extension.TrimStart('.').ToLowerInvariant())
        {
            case "srt":
                format = SubtitleFormat.Srt;
                return true;
            case "vtt":
                format = SubtitleFormat.WebVtt;
                return true;
            case "ass" or "ssa":
                format = SubtitleFormat.Ass;
                return true;
            default:
                format = default;
                return false;
        }
    }

    private static List<SubtitleCue> ParseWebVtt(string text)
    {
        var trimmed = text.TrimStart('\uFEFF');
        if (!trimmed.StartsWith("WEBVTT", StringComparison.Ordinal) || (trimmed.Length > 6 && !char.IsWhiteSpace(trimmed[6])))
        {
            throw new SubtitleFormatException("Not a WebVTT file: it must start with \"WEBVTT\".");
        }

        return TimedBlockParser.Parse(trimmed, keepSettings: true);
    }
}
