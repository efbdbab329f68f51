using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamVault.Core.Releases;

/// <summary>Recognises season and episode markers: S01E02, S01E01E02, S01E01-E03, S01E01-03, 1x05, "Season 2 Episode 3",
/// season packs (S02, "Season 2") and anime absolute numbers ("Title - 12", E12).</summary>
internal static partial class EpisodeMarkerReader
{
    // Patterns run on single tokens (separators already removed) that the scanner caps in length, so they stay linear.
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const int TimeoutMs = 100;

    // Longer runs are really bad numbers ("S01E01-2019") rather than a file holding that many episodes.
    private const int MaxRange = 60;

    private static readonly char[] EpisodeSeparators = ['E', 'e'];

    [GeneratedRegex("^S(?<s>[0-9]{1,4})(?<e>(E[0-9]{1,4})+)(V[0-9])?$", Options, TimeoutMs)]
    private static partial Regex SeasonEpisode();

    [GeneratedRegex("^S(?<s>[0-9]{1,4})$", Options, TimeoutMs)]
    private static partial Regex SeasonOnly();

    [GeneratedRegex("^(?<s>[0-9]{1,2})X(?<e>[0-9]{1,3})$", Options, TimeoutMs)]
    private static partial Regex Crossed();

    [GeneratedRegex("^(E|EP)(?<e>[0-9]{1,4})(V[0-9])?$", Options, TimeoutMs)]
    private static partial Regex EpisodeOnly();

    [GeneratedRegex("^SEASON(?<s>[0-9]{1,4})?$", Options, TimeoutMs)]
    private static partial Regex SeasonWord();

    [GeneratedRegex("^(EPISODE|EP|E)(?<e>[0-9]{1,4})?$", Options, TimeoutMs)]
    private static partial Regex EpisodeWord();

    [GeneratedRegex("^(?<n>[0-9]{1,4})(V[0-9]{1,2})?$", Options, TimeoutMs)]
    private static partial Regex Number();

    public static ReleaseTag? TryRead(TokenizedName name, int index)
    {
        var text = name[index].Text;
        if (SeasonEpisode().Match(text) is { Success: true } se)
        {
            var episodes = se.Groups["e"].Value.Split(EpisodeSeparators, StringSplitOptions.RemoveEmptyEntries).Select(ToInt).ToList();
            return WithContinuation(name, index, index + 1, ToInt(se.Groups["s"].Value), episodes);
        }

        if (Crossed().Match(text) is { Success: true } cross)
        {
            return WithContinuation(name, index, index + 1, ToInt(cross.Groups["s"].Value), [ToInt(cross.Groups["e"].Value)]);
        }

        if (SeasonOnly().Match(text) is { Success: true } season)
        {
            return ReadSeason(name, index, index + 1, ToInt(season.Groups["s"].Value));
        }

        if (SeasonWord().Match(text) is { Success: true } word)
        {
            return ReadSeasonWord(name, index, word);
        }

        if (EpisodeOnly().Match(text) is { Success: true } absolute)
        {
            return Tag(index, index + 1, new EpisodeMarker(null, [], ToInt(absolute.Groups["e"].Value)));
        }

        if (text.Equals("EP", StringComparison.OrdinalIgnoreCase) && NumberAt(name, index + 1) is { } afterEp)
        {
            return Tag(index, index + 2, new EpisodeMarker(null, [], afterEp));
        }

        return IsAfterSpacedDash(name, index) && NumberAt(name, index) is { } dashed && !IsYear(dashed)
            ? Tag(index, index + 1, new EpisodeMarker(null, [], dashed))
            : null;
    }

    public static bool IsYear(int value) => value is >= 1900 and <= 2099;

    private static ReleaseTag? ReadSeasonWord(TokenizedName name, int index, Match word)
    {
        var end = index + 1;
        int? season = word.Groups["s"].Success ? ToInt(word.Groups["s"].Value) : NumberAt(name, end++);
        // "Open.Season.2.2008" is a sequel and its year, not the second season of "Open".
        if (season is null || (end < name.Count && !name[end].InBrackets && ReleaseTagScanner.IsYear(name[end].Text)))
        {
            return null;
        }

        if (end < name.Count && EpisodeWord().Match(name[end].Text) is { Success: true } episodeWord)
        {
            var episode = episodeWord.Groups["e"].Success ? ToInt(episodeWord.Groups["e"].Value) : NumberAt(name, end + 1);
            if (episode is not null)
            {
                end += episodeWord.Groups["e"].Success ? 1 : 2;
                return WithContinuation(name, index, end, season.Value, [episode.Value]);
            }
        }

        return Tag(index, end, new EpisodeMarker(season, [], null));
    }

    private static ReleaseTag ReadSeason(TokenizedName name, int index, int end, int season)
    {
        // "S01 E02" and "S01.E02" are written apart; "S01-S03" is a pack of several seasons filed under the first.
        if (end < name.Count && name.IsJoinedToPrevious(end) && EpisodeOnly().Match(name[end].Text) is { Success: true } e)
        {
            return WithContinuation(name, index, end + 1, season, [ToInt(e.Groups["e"].Value)]);
        }

        if (end < name.Count && name.IsJoinedToPrevious(end) && SeasonOnly().IsMatch(name[end].Text))
        {
            end++;
        }

        return Tag(index, end, new EpisodeMarker(season, [], null));
    }

    /// <summary>Reads the extra episodes of a multi-episode file: "E02" adds one, "-E03", "-03" and "-S01E03" close a range.</summary>
    private static ReleaseTag WithContinuation(TokenizedName name, int index, int end, int season, List<int> episodes)
    {
        while (end < name.Count && name.IsJoinedToPrevious(end) && episodes.Count < MaxRange)
        {
            var text = name[end].Text;
            var isRange = ReleaseTokenizer.IsDash(name.GapBefore(end)[0]);
            int? next = null;
            if (EpisodeOnly().Match(text) is { Success: true } e)
            {
                next = ToInt(e.Groups["e"].Value);
            }
            else if (isRange && Number().Match(text) is { Success: true } n)
            {
                next = ToInt(n.Groups["n"].Value);
            }
            else if (isRange && SeasonEpisode().Match(text) is { Success: true } se && ToInt(se.Groups["s"].Value) == season)
            {
                next = ToInt(se.Groups["e"].Value.Split(EpisodeSeparators, StringSplitOptions.RemoveEmptyEntries)[^1]);
            }
            else if (isRange && Crossed().Match(text) is { Success: true } x && ToInt(x.Groups["s"].Value) == season)
            {
                next = ToInt(x.Groups["e"].Value);
            }

            var last = episodes[^1];
            if (next is null || next <= last || next - last > MaxRange)
            {
                break;
            }

            for (var episode = isRange ? last + 1 : next.Value; episode <= next; episode++)
            {
                episodes.Add(episode);
            }

            end++;
        }

        return Tag(index, end, new EpisodeMarker(season, episodes, null));
    }

    /// <summary>Anime numbers its episodes after a spaced dash ("Frieren - 12"); a bare dash is part of a word or range.</summary>
    private static bool IsAfterSpacedDash(TokenizedName name, int index)
    {
        if (index == 0)
        {
            return false;
        }

        var gap = name.GapBefore(index);
        var dash = gap.IndexOfAny('-', '–', '—');
        return dash > 0 && dash < gap.Length - 1 && gap.Count('-') + gap.Count('–') + gap.Count('—') == 1;
    }

    private static int? NumberAt(TokenizedName name, int index) =>
        index < name.Count && Number().Match(name[index].Text) is { Success: true } n ? ToInt(n.Groups["n"].Value) : null;

    private static ReleaseTag Tag(int start, int end, EpisodeMarker marker) =>
        new(TagKind.Episode, string.Empty, TagStrength.Strong, start, end) { Episode = marker };

    private static int ToInt(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
}
