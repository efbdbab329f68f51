using System.Text;

namespace StreamVault.Server.Cli;

/// <summary>
/// Text from outside (release and file names, titles, Telegram user names, error messages quoting them) made safe to
/// print: a terminal obeys escape sequences wherever they come from, so a file named "Evil\e]0;pwned\a.mkv" could set
/// the admin's window title, clear the screen or worse. Every such name passes through here before it is printed.
/// </summary>
internal static class TerminalText
{
    private const char Escape = '\u001b';
    private const char Bell = '\u0007';

    /// <summary>The text without escape sequences (CSI, OSC, DCS and the rest, also in their 8-bit C1 forms), without
    /// any other C0 or C1 control, and without the bidirectional controls that reorder what follows them.</summary>
    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (!text.AsSpan().ContainsAnyInRange('\u0000', '\u001f') && !text.AsSpan().ContainsAnyInRange('\u007f', '\u009f') && !ContainsBidiControl(text))
        {
            return text;
        }

        var safe = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == Escape && i + 1 < text.Length)
            {
                i = SkipSequence(text, i + 1, text[i + 1]);
            }
            else if (c is '\u009b' or '\u009d' or '\u0090' or '\u0098' or '\u009e' or '\u009f')
            {
                // 8-bit CSI, OSC, DCS, SOS, PM, APC: the same sequences without the ESC.
                i = SkipBody(text, i, c);
            }
            else if (!char.IsControl(c) && !IsBidiControl(c))
            {
                safe.Append(c);
            }
        }

        return safe.ToString();
    }

    /// <summary><see cref="Safe"/>, then escaped for Spectre.Console markup.</summary>
    public static string Markup(string? text) => Spectre.Console.Markup.Escape(Safe(text));

    /// <summary>Bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069), marks (U+200E, U+200F, U+061C).</summary>
    public static bool IsBidiControl(char c) => c is (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') or '\u200e' or '\u200f' or '\u061c';

    private static bool ContainsBidiControl(string text)
    {
        foreach (var c in text)
        {
            if (IsBidiControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>ESC at <paramref name="introducer"/>-1: returns the index of the sequence's last character.</summary>
    private static int SkipSequence(string text, int at, char introducer) => introducer switch
    {
        '[' => SkipBody(text, at, '\u009b'),
        ']' => SkipBody(text, at, '\u009d'),
        'P' or 'X' or '^' or '_' => SkipBody(text, at, '\u0090'),
        // A two-character sequence (ESC c, ESC 7, ...); with intermediates (ESC ( B) up to the final character.
        _ => SkipIntermediates(text, at),
    };

    private static int SkipIntermediates(string text, int at)
    {
        var i = at;
        while (i < text.Length - 1 && text[i] is >= '\u0020' and <= '\u002f')
        {
            i++;
        }

        return i;
    }

    /// <summary>From the introducer at <paramref name="at"/>: a CSI ends at its final byte (0x40–0x7E); a string
    /// (OSC, DCS, ...) at BEL or the string terminator (ESC \ or 0x9C). Returns the index of the last character.</summary>
    private static int SkipBody(string text, int at, char kind)
    {
        for (var i = at + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (kind == '\u009b')
            {
                if (c is >= '\u0040' and <= '\u007e')
                {
                    return i;
                }

                if (c is not (>= '\u0020' and <= '\u003f'))
                {
                    // Not a CSI character: the sequence is broken; drop what came so far and look at this one again.
                    return i - 1;
                }
            }
            else if (c is Bell or '\u009c')
            {
                return i;
            }
            else if (c == Escape && i + 1 < text.Length && text[i + 1] == '\\')
            {
                return i + 1;
            }
        }

        return text.Length - 1;
    }
}
