using System.Text;
using System.Text.RegularExpressions;

namespace StreamVault.Core.Subtitles;

/// <summary>
/// Makes cue text safe WebVTT: only &lt;i&gt;, &lt;b&gt; and &lt;u&gt; survive as markup; every other
/// '&lt;', '&gt;' and '&amp;' is escaped, so a subtitle can never inject markup into the page.
/// SRT's &lt;font&gt; tags and ASS-style {\...} blocks are dropped because they only carry styling.
/// </summary>
public static partial class CueTextSanitizer
{
    public static string Sanitize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        text = OverrideBlock().Replace(text, string.Empty);
        text = FontTag().Replace(text, string.Empty);

        var output = new StringBuilder(text.Length + 16);
        var open = new Stack<char>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '<' && TryReadAllowedTag(text, i, out var tag, out var closing, out var length))
            {
                if (!closing)
                {
                    open.Push(tag);
                    output.Append('<').Append(tag).Append('>');
                }
                else if (open.Contains(tag))
                {
                    // Close inner tags first so the output stays well nested.
                    while (open.Count > 0)
                    {
                        var top = open.Pop();
                        output.Append("</").Append(top).Append('>');
                        if (top == tag)
                        {
                            break;
                        }
                    }
                }

                i += length;
                continue;
            }

            output.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '\0' => string.Empty,
                _ => c.ToString(),
            });
            i++;
        }

        while (open.Count > 0)
        {
            output.Append("</").Append(open.Pop()).Append('>');
        }

        return CollapseLines(output.ToString());
    }

    private static bool TryReadAllowedTag(string text, int start, out char tag, out bool closing, out int length)
    {
        tag = '\0';
        closing = false;
        length = 0;
        var i = start + 1;
        if (i < text.Length && text[i] == '/')
        {
            closing = true;
            i++;
        }

        if (i + 1 >= text.Length || text[i + 1] != '>')
        {
            return false;
        }

        var name = char.ToLowerInvariant(text[i]);
        if (name is not ('i' or 'b' or 'u'))
        {
            return false;
        }

        tag = name;
        length = i + 2 - start;
        return true;
    }

    /// <summary>A blank line would end the cue in WebVTT, so empty lines inside a cue are removed and the rest trimmed.</summary>
    private static string CollapseLines(string text)
    {
        var lines = text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0);
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"\{\\[^}]*\}")]
    private static partial Regex OverrideBlock();

    [GeneratedRegex(@"</?font\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex FontTag();
}
