using System.Text;

namespace StreamVault.Core.Subtitles;

/// <summary>
/// Reads the [Events] section of ASS/SSA. Field positions come from the section's Format line (files reorder
/// them); Text is always the last field and may itself contain commas. Styling is dropped, line breaks kept.
/// </summary>
internal static class AssParser
{
    // The ASS v4+ default; SSA v4 has "Marked" where ASS has "Layer", which only shifts nothing we read.
    private static readonly string[] DefaultFormat = ["Layer", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text"];

    public static List<SubtitleCue> Parse(string text)
    {
        var cues = new List<SubtitleCue>();
        var format = DefaultFormat;
        var inEvents = false;
        var sawSection = false;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                sawSection = true;
                inEvents = line.Equals("[Events]", StringComparison.OrdinalIgnoreCase);
                continue;
            }

            if (!inEvents)
            {
                continue;
            }

            if (line.StartsWith("Format:", StringComparison.OrdinalIgnoreCase))
            {
                format = line["Format:".Length..].Split(',').Select(f => f.Trim()).ToArray();
            }
            else if (line.StartsWith("Dialogue:", StringComparison.OrdinalIgnoreCase) && TryReadDialogue(line["Dialogue:".Length..], format, out var cue))
            {
                cues.Add(cue);
            }
        }

        if (!sawSection)
        {
            throw new SubtitleFormatException("Not an ASS/SSA file: no [Script Info] or [Events] section was found.");
        }

        return cues;
    }

    private static bool TryReadDialogue(string fields, string[] format, out SubtitleCue cue)
    {
        cue = null!;
        var values = fields.Split(',', format.Length);
        if (values.Length != format.Length)
        {
            return false;
        }

        int startAt = Array.FindIndex(format, f => f.Equals("Start", StringComparison.OrdinalIgnoreCase));
        int endAt = Array.FindIndex(format, f => f.Equals("End", StringComparison.OrdinalIgnoreCase));
        int textAt = Array.FindIndex(format, f => f.Equals("Text", StringComparison.OrdinalIgnoreCase));
        if (startAt < 0 || endAt < 0 || textAt < 0
            || !SubtitleTime.TryParse(values[startAt], out var start)
            || !SubtitleTime.TryParse(values[endAt], out var end)
            || end < start)
        {
            return false;
        }

        var text = CueTextSanitizer.Sanitize(PlainText(values[textAt]));
        if (text.Length == 0)
        {
            return false;
        }

        cue = new SubtitleCue(start, end, text);
        return true;
    }

    /// <summary>Removes {\...} override blocks and, while \p is non-zero, the vector drawing commands they switch on.</summary>
    internal static string PlainText(string assText)
    {
        var output = new StringBuilder(assText.Length);
        var drawing = false;
        var i = 0;
        while (i < assText.Length)
        {
            var c = assText[i];
            if (c == '{')
            {
                var close = assText.IndexOf('}', i + 1);
                if (close < 0)
                {
                    break; // an unclosed block swallows the rest, as renderers do
                }

                drawing = DrawingModeAfter(assText.AsSpan(i + 1, close - i - 1), drawing);
                i = close + 1;
                continue;
            }

            if (!drawing)
            {
                if (c == '\\' && i + 1 < assText.Length && assText[i + 1] is 'N' or 'n' or 'h')
                {
                    output.Append(assText[i + 1] == 'h' ? '\u00A0' : '\n');
                    i += 2;
                    continue;
                }

                output.Append(c);
            }

            i++;
        }

        return output.ToString();
    }

    private static bool DrawingModeAfter(ReadOnlySpan<char> block, bool current)
    {
        var at = block.IndexOf("\\p", StringComparison.Ordinal);
        while (at >= 0)
        {
            var digits = block[(at + 2)..];
            var n = 0;
            while (n < digits.Length && char.IsAsciiDigit(digits[n]))
            {
                n++;
            }

            // "\pos(" and "\pbo" also start with \p; only \p<digits> switches drawing mode.
            if (n > 0)
            {
                current = digits[..n].Trim('0').Length > 0;
            }

            var next = block[(at + 2)..].IndexOf("\\p", StringComparison.Ordinal);
            at = next < 0 ? -1 : at + 2 + next;
        }

        return current;
    }
}
