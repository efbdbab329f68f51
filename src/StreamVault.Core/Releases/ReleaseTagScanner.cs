using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamVault.Core.Releases;

/// <summary>Every tag found in a name, plus the tokens that could be a release year. Whether a tag counts is decided
/// later, once the parser knows where the title ends.</summary>
internal sealed class TagScan
{
    public TagScan(List<ReleaseTag> tags, List<int> yearTokens, int tokenCount)
    {
        Tags = tags;
        YearTokens = yearTokens;
        TagAt = new ReleaseTag?[tokenCount];
        foreach (var tag in tags)
        {
            for (var i = tag.Start; i < tag.End; i++)
            {
                TagAt[i] = tag;
            }
        }
    }

    public List<ReleaseTag> Tags { get; }

    public List<int> YearTokens { get; }

    public ReleaseTag?[] TagAt { get; }
}

internal static partial class ReleaseTagScanner
{
    // No tag is longer; skipping longer words keeps regex and lookups cheap on pathological 10k-character names.
    private const int MaxTagLength = 24;
    private const int MaxJoinedTokens = 3;
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const int TimeoutMs = 100;

    [GeneratedRegex("^(?<h>[0-9]{3,4})[PI]$", Options, TimeoutMs)]
    private static partial Regex ProgressiveOrInterlaced();

    [GeneratedRegex("^(?<w>[0-9]{3,4})X(?<h>[0-9]{3,4})$", Options, TimeoutMs)]
    private static partial Regex Dimensions();

    [GeneratedRegex("^[0-9A-F]{8}$", Options, TimeoutMs)]
    private static partial Regex Crc32();

    [GeneratedRegex("^(?<n>[1-8])CH$", Options, TimeoutMs)]
    private static partial Regex ChannelCount();

    public static TagScan Scan(TokenizedName name)
    {
        var tags = new List<ReleaseTag>();
        var years = new List<int>();
        for (var i = 0; i < name.Count;)
        {
            var tag = name[i].Text.Length > MaxTagLength
                ? null
                : EpisodeMarkerReader.TryRead(name, i) ?? TryVocabulary(name, i) ?? TryPattern(name, i);
            if (tag is not null)
            {
                tags.Add(tag);
                i = tag.End;
                continue;
            }

            if (IsYear(name[i].Text))
            {
                years.Add(i);
            }

            i++;
        }

        return new TagScan(tags, years, name.Count);
    }

    public static bool IsYear(string text) =>
        text.Length == 4 && text.All(char.IsAsciiDigit) && EpisodeMarkerReader.IsYear(ToInt(text));

    private static ReleaseTag? TryVocabulary(TokenizedName name, int index)
    {
        var key = name[index].Text;
        var keys = new List<string>(MaxJoinedTokens) { key };
        for (var next = index + 1;
             next < name.Count && keys.Count < MaxJoinedTokens && name.IsJoinedToPrevious(next)
             && key.Length + name[next].Text.Length <= MaxTagLength;
             next++)
        {
            key += name[next].Text;
            keys.Add(key);
        }

        for (var length = keys.Count; length >= 1; length--)
        {
            var end = index + length;
            if (ReleaseVocabulary.TryGet(keys[length - 1], out var entry))
            {
                return FromEntry(entry, index, end);
            }

            if (TryAudioWithChannels(name, keys[length - 1], index, end) is { } audio)
            {
                return audio;
            }
        }

        return null;
    }

    /// <summary>Audio tags often carry the channel count glued on: "DDP5.1", "AAC2.0", "DTS-HD.MA.7.1" split as "MA7" + "1".</summary>
    private static ReleaseTag? TryAudioWithChannels(TokenizedName name, string key, int index, int end)
    {
        if (key.Length < 3 || !char.IsAsciiDigit(key[^1])
            || !ReleaseVocabulary.TryGet(key[..^1], out var entry) || entry.Kind != TagKind.AudioCodec)
        {
            return null;
        }

        var tag = FromEntry(entry, index, end);
        return end < name.Count && name.IsJoinedToPrevious(end, '.') && name[end].Text is [var minor] && char.IsAsciiDigit(minor)
            ? tag with { End = end + 1, Channels = $"{key[^1]}.{minor}" }
            : tag;
    }

    private static ReleaseTag FromEntry(VocabularyEntry entry, int start, int end) =>
        new(entry.Kind, entry.Value, entry.Strength, start, end) { Height = entry.Height, Atmos = entry.Atmos };

    private static ReleaseTag? TryPattern(TokenizedName name, int index)
    {
        var text = name[index].Text;
        if (ProgressiveOrInterlaced().Match(text) is { Success: true } p)
        {
            return Resolution(text, ToInt(p.Groups["h"].Value), index);
        }

        if (Dimensions().Match(text) is { Success: true } d)
        {
            return Resolution(text, ToInt(d.Groups["h"].Value), index) with { Width = ToInt(d.Groups["w"].Value) };
        }

        if (name[index].InBrackets && Crc32().IsMatch(text))
        {
            return new ReleaseTag(TagKind.Hash, text, TagStrength.Strong, index, index + 1);
        }

        if (ChannelCount().Match(text) is { Success: true } count)
        {
            var channels = count.Groups["n"].Value switch { "1" => "1.0", "2" => "2.0", "6" => "5.1", "8" => "7.1", _ => null };
            return channels is null ? null : Channels(channels, index, index + 1);
        }

        // "5.1" / "7.1" / "2.0" standing alone; only believed after the title, which the parser checks.
        if (text is [>= '1' and <= '7'] && index + 1 < name.Count && name.IsJoinedToPrevious(index + 1, '.')
            && IsMinorChannel(name[index + 1].Text))
        {
            return Channels($"{text}.{name[index + 1].Text[0]}", index, index + 2);
        }

        return null;
    }

    private static bool IsMinorChannel(string text) =>
        text.Length is 1 or 3 && text[0] is >= '0' and <= '2' && (text.Length == 1 || text.AsSpan(1).Equals("CH", StringComparison.OrdinalIgnoreCase));

    private static ReleaseTag Resolution(string text, int height, int index) =>
        new(TagKind.Resolution, text, TagStrength.Strong, index, index + 1) { Height = height, IsNumericResolution = true };

    private static ReleaseTag Channels(string channels, int start, int end) =>
        new(TagKind.AudioChannels, channels, TagStrength.Weak, start, end) { Channels = channels };

    private static int ToInt(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
}
