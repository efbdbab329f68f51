namespace StreamVault.Core.Releases;

internal enum TagKind
{
    Resolution,
    Source,
    VideoCodec,
    AudioCodec,
    AudioChannels,
    Atmos,
    Hdr,
    Flag,
    Language,
    Service,
    Hash,
    Episode,
}

/// <summary>How sure we are that a word is a tag and not part of the title.</summary>
internal enum TagStrength
{
    /// <summary>Also an ordinary word ("Web" in Charlotte's Web, "Cam"): a tag only once the title has ended.</summary>
    Weak,

    /// <summary>Edition and language markers ("EXTENDED", "FRENCH"): end the title only when they sit right before
    /// the year or a strong tag, so "The French Connection" keeps its word.</summary>
    Edge,

    /// <summary>Never part of a real title (1080p, x264, S01E02): the title ends at the first one.</summary>
    Strong,
}

internal sealed record EpisodeMarker(int? Season, IReadOnlyList<int> Episodes, int? Absolute);

/// <summary>A run of tokens [Start, End) recognised as one technical fact.</summary>
internal sealed record ReleaseTag(TagKind Kind, string Value, TagStrength Strength, int Start, int End)
{
    /// <summary>Picture width for resolutions written as WxH; 0 otherwise.</summary>
    public int Width { get; init; }

    /// <summary>Picture height for resolution tags; 0 when unknown.</summary>
    public int Height { get; init; }

    /// <summary>Resolution written as numbers ("1080p", "1920x800") rather than a label ("4K", "UHD").</summary>
    public bool IsNumericResolution { get; init; }

    public string? Channels { get; init; }

    public bool Atmos { get; init; }

    public EpisodeMarker? Episode { get; init; }
}

internal sealed record VocabularyEntry(TagKind Kind, string Value, TagStrength Strength)
{
    public int Height { get; init; }

    public bool Atmos { get; init; }
}
