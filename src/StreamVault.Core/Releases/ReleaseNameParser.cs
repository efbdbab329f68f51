using System.Globalization;

namespace StreamVault.Core.Releases;

/// <summary>Reads title, year, episode and quality facts from scene, P2P and anime release names. Never throws.</summary>
/// <remarks>The name is split into tokens and every tag is found first; the title is then everything before the
/// first tag that can never be a title word, minus the release year and edition flags standing right before it.
/// Tags inside the title ("Web" in Charlotte's Web) are ignored.</remarks>
public static class ReleaseNameParser
{
    public static ReleaseInfo Parse(string fileName)
    {
        var (stem, container) = ReleaseNameText.Split(fileName);
        var name = ReleaseTokenizer.Tokenize(stem);
        if (name.Count == 0)
        {
            return new ReleaseInfo { Title = ReleaseTitle.Fallback(stem), Container = container };
        }

        var scan = ReleaseTagScanner.Scan(name);
        var (leadingGroup, titleStart) = ReadLeadingGroup(name, scan);
        var (titleEnd, yearToken) = FindTitleEnd(name, scan, titleStart);
        var facts = ReleaseFacts.Collect(scan.Tags.Where(t => t.Start < titleStart || t.Start >= titleEnd));

        return facts with
        {
            Title = ReleaseTitle.Build(name, titleStart, titleEnd) ?? ReleaseTitle.Fallback(stem),
            Year = yearToken is { } y ? int.Parse(name[y].Text, NumberStyles.None, CultureInfo.InvariantCulture) : null,
            Group = leadingGroup ?? TrailingGroup(name, scan, titleEnd, yearToken),
            Container = container,
        };
    }

    /// <summary>Anime names start with the group in brackets: "[SubsPlease] Title - 12".</summary>
    private static (string? Group, int TitleStart) ReadLeadingGroup(TokenizedName name, TagScan scan)
    {
        var first = name[0];
        var opening = name.Text.AsSpan(0, first.Start).Trim();
        if (!first.InBrackets || opening is not ("[" or "【"))
        {
            return (null, 0);
        }

        var end = 1;
        while (end < name.Count && name[end].Bracket == first.Bracket)
        {
            end++;
        }

        if (end == name.Count)
        {
            return (null, 0);
        }

        var isWords = Enumerable.Range(0, end).All(i => scan.TagAt[i] is null && !scan.YearTokens.Contains(i));
        return (isWords ? name.Slice(0, end) : null, end);
    }

    private static (int TitleEnd, int? YearToken) FindTitleEnd(TokenizedName name, TagScan scan, int titleStart)
    {
        var strong = scan.Tags.FirstOrDefault(t => t.Strength == TagStrength.Strong && t.Start >= titleStart)?.Start ?? name.Count;

        // A tag inside brackets takes the whole bracket with it: "Title [BD 1080p]".
        if (strong < name.Count && name.BracketStart(strong) > titleStart)
        {
            strong = name.BracketStart(strong);
        }

        // The last year wins so that "2001.A.Space.Odyssey.1968" and "1917.2019" keep the year that is their title.
        int? year = scan.YearTokens.LastOrDefault(y => y > titleStart && y < strong, -1) is var found and >= 0 ? found : null;
        var end = year ?? strong;

        // With no tag after them, flags are only believed when written like tags (PROPER, iNTERNAL), not like words.
        var strict = year is null && strong == name.Count;

        // Episode names put the year last now and then: "Title - 05 (2019)".
        year ??= scan.YearTokens.FirstOrDefault(y => y > strong && name[y].InBrackets, -1) is var after and >= 0 ? after : null;
        while (end - 1 > titleStart && scan.TagAt[end - 1] is { Strength: TagStrength.Edge } flag && flag.Start > titleStart
               && IsBelievedFlag(name, flag, strict))
        {
            end = flag.Start;
        }

        return (end, year);
    }

    /// <summary>"The Good German" and "Movie Name Extended" end in words, "Movie FRENCH 1080p" and "Movie PROPER" in flags:
    /// language names, and any flag with no tag after it, only count when not written like an ordinary word.</summary>
    private static bool IsBelievedFlag(TokenizedName name, ReleaseTag flag, bool strict)
    {
        if (!strict && flag.Kind != TagKind.Language)
        {
            return true;
        }

        var text = name[flag.Start].Text;
        var looksLikeWord = text.Length > 1 && char.IsUpper(text[0]) && !text.AsSpan(1).ContainsAnyExceptInRange('a', 'z');
        return !looksLikeWord;
    }

    /// <summary>The scene group follows the last tag after a dash ("x264-FLUX"); P2P names may bracket it instead ("[YTS.MX]").</summary>
    private static string? TrailingGroup(TokenizedName name, TagScan scan, int titleEnd, int? yearToken)
    {
        var lastTag = scan.Tags.Where(t => t.Start >= titleEnd).Select(t => t.End - 1).DefaultIfEmpty(-1).Max();
        lastTag = Math.Max(lastTag, yearToken ?? -1);
        if (lastTag < 0)
        {
            return null;
        }

        var next = lastTag + 1;
        if (next < name.Count && !name[next].InBrackets && IsGroupDash(name.GapBefore(next)))
        {
            var end = next + 1;
            while (end < name.Count && !name[end].InBrackets && name.IsJoinedToPrevious(end, '-'))
            {
                end++;
            }

            return name.Slice(next, end);
        }

        var last = name.Count - 1;
        while (last > titleEnd && name[last].InBrackets)
        {
            last--;
        }

        // "Show.S01E01.Episode.Title-GROUP": the group still hangs off the last word.
        if (last > titleEnd && last > lastTag && !name[last].InBrackets && IsGroupDash(name.GapBefore(last))
            && !name[last].Text.All(char.IsAsciiDigit))
        {
            return name[last].Text;
        }

        var bracketStart = name.BracketStart(name.Count - 1);
        var isWordsInBrackets = name[^1].InBrackets && bracketStart > lastTag
                                && Enumerable.Range(bracketStart, name.Count - bracketStart).All(i => scan.TagAt[i] is null);
        return isWordsInBrackets ? name.Slice(bracketStart, name.Count) : null;
    }

    private static bool IsGroupDash(ReadOnlySpan<char> gap)
    {
        var trimmed = gap.TrimStart("])}");
        return trimmed.Length == 1 && trimmed[0] == '-';
    }
}
