using StreamVault.Core.Catalog;

namespace StreamVault.Core.Releases;

/// <summary>What a release name says about its file. Every field but <see cref="Title"/> is optional:
/// a name the parser cannot read still yields a title taken from the name.</summary>
public sealed record ReleaseInfo
{
    public required string Title { get; init; }

    public int? Year { get; init; }

    public int? Season { get; init; }

    /// <summary>Episode numbers within <see cref="Season"/>; several for multi-episode files (S01E01E02).</summary>
    public IReadOnlyList<int> Episodes { get; init; } = [];

    /// <summary>Anime-style absolute episode number ("Frieren - 12") when no season is named.</summary>
    public int? AbsoluteEpisode { get; init; }

    public QualityBucket Quality { get; init; } = QualityBucket.Other;

    /// <summary>As written in the name: "2160p", "1080i", "4K".</summary>
    public string? Resolution { get; init; }

    /// <summary>Normalised source: WEB-DL, WEBRip, BluRay, REMUX, HDTV, DVDRip, ...</summary>
    public string? Source { get; init; }

    /// <summary>Normalised video codec: H.264, H.265, AV1, VP9, XviD, ...</summary>
    public string? VideoCodec { get; init; }

    /// <summary>Normalised audio codec: DDP, DD, AAC, DTS-HD MA, TrueHD, FLAC, Opus, ...</summary>
    public string? AudioCodec { get; init; }

    /// <summary>"5.1", "7.1", "2.0" when named.</summary>
    public string? AudioChannels { get; init; }

    public bool Atmos { get; init; }

    /// <summary>HDR format when named: HDR, HDR10, HDR10+, DV, HLG. The most capable one when several are named.</summary>
    public string? Hdr { get; init; }

    /// <summary>Every HDR format named, in order of appearance ("DV", "HDR10" for a dual-layer file).</summary>
    public IReadOnlyList<string> HdrFormats { get; init; } = [];

    public string? Group { get; init; }

    /// <summary>Lower-case file extension without the dot (mkv, mp4) when the name has one.</summary>
    public string? Container { get; init; }

    public bool IsEpisode => Season is not null || Episodes.Count > 0 || AbsoluteEpisode is not null;
}
