using StreamVault.Core.Catalog;

namespace StreamVault.Core.Releases;

/// <summary>Folds the tags found outside the title into the technical fields of a <see cref="ReleaseInfo"/>.</summary>
internal static class ReleaseFacts
{
    // When a file names several HDR formats (DV.HDR10), the most capable one describes it best.
    private static readonly string[] HdrPreference = ["DV", "HDR10+", "HDR10", "HDR", "HLG"];

    private static readonly HashSet<string> StandardDefinitionSources = new(StringComparer.Ordinal) { "DVDRip", "DVD", "SDTV" };

    public static ReleaseInfo Collect(IEnumerable<ReleaseTag> tags)
    {
        var list = tags.ToList();
        var resolution = list.FirstOrDefault(t => t is { Kind: TagKind.Resolution, IsNumericResolution: true })
                         ?? list.FirstOrDefault(t => t.Kind == TagKind.Resolution);
        var sources = list.Where(t => t.Kind == TagKind.Source).Select(t => t.Value).ToList();
        var source = sources.Contains("REMUX") ? "REMUX" : sources.FirstOrDefault();
        var audio = list.FirstOrDefault(t => t.Kind == TagKind.AudioCodec);
        var hdr = list.Where(t => t.Kind == TagKind.Hdr).Select(t => t.Value).Distinct().ToList();
        var quality = resolution is null
            ? StandardDefinitionSources.Contains(source ?? string.Empty) ? QualityBucket.Sd480 : QualityBucket.Other
            : QualityBuckets.FromDimensions(resolution.Width, resolution.Height);
        var (season, episodes, absolute) = Episode(list);

        return new ReleaseInfo
        {
            Title = ReleaseTitle.Untitled, // the parser sets the real title; facts never come from the title words
            Season = season,
            Episodes = episodes,
            AbsoluteEpisode = absolute,
            Quality = quality,
            Resolution = resolution?.Value,
            Source = source,
            VideoCodec = list.FirstOrDefault(t => t.Kind == TagKind.VideoCodec)?.Value,
            AudioCodec = audio?.Value,
            AudioChannels = audio?.Channels ?? list.FirstOrDefault(t => t.Kind == TagKind.AudioChannels)?.Channels,
            Atmos = list.Any(t => t.Kind == TagKind.Atmos || t.Atmos),
            Hdr = HdrPreference.FirstOrDefault(hdr.Contains),
            HdrFormats = hdr,
        };
    }

    private static (int? Season, IReadOnlyList<int> Episodes, int? Absolute) Episode(List<ReleaseTag> tags)
    {
        var markers = tags.Where(t => t.Episode is not null).Select(t => t.Episode!).ToList();
        if (markers.Count == 0)
        {
            return (null, [], null);
        }

        var first = markers[0];

        // Anime writes the season apart from the episode: "Title S2 - 05".
        if (first is { Season: not null, Episodes.Count: 0 } && markers.Skip(1).FirstOrDefault()?.Absolute is { } episode)
        {
            return (first.Season, [episode], null);
        }

        return (first.Season, first.Episodes, first.Absolute);
    }
}
