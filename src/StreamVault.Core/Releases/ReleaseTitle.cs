using System.Text;

namespace StreamVault.Core.Releases;

/// <summary>Turns the title words of a release name back into a human title.</summary>
internal static class ReleaseTitle
{
    public const string Untitled = "Untitled";

    private static readonly char[] JunkAtEdges = [' ', '-', '–', '—', '_', '.', ',', ';', ':', '~', '|'];

    /// <summary>The title between two tokens, or null when nothing readable is left.</summary>
    public static string? Build(TokenizedName name, int firstToken, int endToken)
    {
        if (endToken <= firstToken)
        {
            return null;
        }

        var text = name.Text;
        var from = name[firstToken].Start;
        var to = name[endToken - 1].End;

        // Titles such as "(500) Days of Summer" or "The Office (US)" hold a bracket that closes just outside the words.
        if (from > 0 && ReleaseTokenizer.IsOpening(text[from - 1]) && Depth(text.AsSpan(from, to - from)) < 0)
        {
            from--;
        }

        if (to < text.Length && ReleaseTokenizer.IsClosing(text[to]) && Depth(text.AsSpan(from, to - from)) > 0)
        {
            to++;
        }

        var title = Clean(WithoutUnmatchedBrackets(text[from..to]));
        return title.Length == 0 ? null : title;
    }

    /// <summary>The whole name made readable, for names that are nothing but tags.</summary>
    public static string Fallback(string stem)
    {
        var readable = stem.Select(c => c is '_' or '.' || ReleaseTokenizer.IsOpening(c) || ReleaseTokenizer.IsClosing(c) ? ' ' : c);
        var title = CollapseSpaces(string.Concat(readable));
        return title.Length == 0 ? Untitled : title;
    }

    private static string Clean(string raw)
    {
        var text = raw.Replace('_', ' ');
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            builder.Append(text[i] == '.' && !KeepsDot(text, i) ? ' ' : text[i]);
        }

        return CollapseSpaces(builder.ToString()).Trim(JunkAtEdges);
    }

    /// <summary>Dots that are part of the title: acronyms (S.W.A.T), numbers (2.0) and abbreviations in spaced names (Mr. Robot).</summary>
    private static bool KeepsDot(string text, int dot)
    {
        var before = dot > 0 ? text[dot - 1] : ' ';
        var after = dot + 1 < text.Length ? text[dot + 1] : ' ';
        if (char.IsAsciiDigit(before) && char.IsAsciiDigit(after))
        {
            return true;
        }

        if (char.IsWhiteSpace(after) && char.IsLetter(before))
        {
            return true;
        }

        return IsSingleLetter(text, dot - 1) && IsSingleLetter(text, dot + 1);
    }

    private static bool IsSingleLetter(string text, int index) =>
        index >= 0 && index < text.Length && char.IsLetter(text[index])
        && (index == 0 || !char.IsLetterOrDigit(text[index - 1]))
        && (index == text.Length - 1 || !char.IsLetterOrDigit(text[index + 1]));

    private static int Depth(ReadOnlySpan<char> text)
    {
        var depth = 0;
        foreach (var c in text)
        {
            depth += ReleaseTokenizer.IsOpening(c) ? 1 : ReleaseTokenizer.IsClosing(c) ? -1 : 0;
        }

        return depth;
    }

    private static string WithoutUnmatchedBrackets(string text)
    {
        var unmatched = new HashSet<int>();
        var open = new Stack<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (ReleaseTokenizer.IsOpening(text[i]))
            {
                open.Push(i);
            }
            else if (ReleaseTokenizer.IsClosing(text[i]) && !open.TryPop(out _))
            {
                unmatched.Add(i);
            }
        }

        unmatched.UnionWith(open);
        if (unmatched.Count == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            builder.Append(unmatched.Contains(i) ? ' ' : text[i]);
        }

        return builder.ToString();
    }

    private static string CollapseSpaces(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        return builder.ToString().TrimEnd();
    }
}
