namespace StreamVault.Core.Releases;

/// <summary>One word of a release name. Offsets point into the original text so the title can be cut out
/// with its own punctuation (Spider-Man, Ocean's) instead of being glued back together from words.</summary>
internal readonly record struct ReleaseToken(string Text, int Start, int End, int Bracket)
{
    public bool InBrackets => Bracket >= 0;
}

/// <summary>A release name split into words, keeping what separated them: the separators carry meaning
/// ("x264-GROUP", "Title - 12", "S01E01-03") that the words alone lose.</summary>
internal sealed class TokenizedName
{
    public TokenizedName(string text, List<ReleaseToken> tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    public string Text { get; }

    public List<ReleaseToken> Tokens { get; }

    public int Count => Tokens.Count;

    public ReleaseToken this[int index] => Tokens[index];

    public ReadOnlySpan<char> GapBefore(int index)
    {
        var from = index == 0 ? 0 : Tokens[index - 1].End;
        return Text.AsSpan(from, Tokens[index].Start - from);
    }

    /// <summary>True when token <paramref name="index"/> continues the previous one across a single plain separator
    /// inside the same brackets, as the parts of "WEB-DL", "H.264" or "DTS-HD MA" do.</summary>
    public bool IsJoinedToPrevious(int index) =>
        index > 0 && index < Count && Tokens[index].Bracket == Tokens[index - 1].Bracket && GapBefore(index).Length == 1;

    public bool IsJoinedToPrevious(int index, char separator)
    {
        if (!IsJoinedToPrevious(index))
        {
            return false;
        }

        return GapBefore(index)[0] == separator;
    }

    /// <summary>The first token of the bracket group holding <paramref name="index"/>, or the index itself outside brackets.</summary>
    public int BracketStart(int index)
    {
        var bracket = Tokens[index].Bracket;
        if (bracket < 0)
        {
            return index;
        }

        while (index > 0 && Tokens[index - 1].Bracket == bracket)
        {
            index--;
        }

        return index;
    }

    public string Slice(int firstToken, int endToken) =>
        Text[Tokens[firstToken].Start..Tokens[endToken - 1].End];
}

internal static class ReleaseTokenizer
{
    public static TokenizedName Tokenize(string text)
    {
        var tokens = new List<ReleaseToken>();
        var bracket = -1;
        var nextBracket = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var opens = IsOpening(c);
            var closes = IsClosing(c);
            if (!opens && !closes && !IsSeparator(c))
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0)
            {
                tokens.Add(new ReleaseToken(text[start..i], start, i, bracket));
                start = -1;
            }

            // Brackets are not nested in practice; a flat group id is enough to tell "[1080p]" from the title.
            if (opens)
            {
                bracket = nextBracket++;
            }
            else if (closes)
            {
                bracket = -1;
            }
        }

        return new TokenizedName(text, tokens);
    }

    public static bool IsOpening(char c) => c is '[' or '(' or '{' or '【' or '「' or '（';

    public static bool IsClosing(char c) => c is ']' or ')' or '}' or '】' or '」' or '）';

    public static bool IsDash(char c) => c is '-' or '–' or '—';

    private static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c) || IsDash(c) || c is '.' or '_' or ',' or ';' or ':' or '~' or '|' or '/' or '\\' or '*' or '"';
}
