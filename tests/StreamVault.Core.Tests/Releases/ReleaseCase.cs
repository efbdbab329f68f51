using StreamVault.Core.Catalog;
using StreamVault.Core.Releases;

namespace StreamVault.Core.Tests.Releases;

/// <summary>One row of the release-name table. Title, year, episode numbers, quality, source, video codec, HDR and group
/// are always checked (null means "must not be found"); audio, channels, Atmos, resolution and container only when given.</summary>
public sealed record ReleaseCase(string Name, string Title)
{
    public int? Year { get; init; }

    public int? Season { get; init; }

    /// <summary>Comma separated, "1,2,3", so records compare by value and print readably.</summary>
    public string? Episodes { get; init; }

    public int? Absolute { get; init; }

    public QualityBucket Quality { get; init; }

    public string? Source { get; init; }

    public string? Video { get; init; }

    public string? Hdr { get; init; }

    public string? Group { get; init; }

    public string? Audio { get; init; }

    public string? Channels { get; init; }

    public bool? Atmos { get; init; }

    public string? Resolution { get; init; }

    public string? Container { get; init; }

    /// <summary>What the parser produced, shaped like this row so a failure prints both side by side.</summary>
    public ReleaseCase Observed(ReleaseInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return this with
        {
            Title = info.Title,
            Year = info.Year,
            Season = info.Season,
            Episodes = info.Episodes.Count == 0 ? null : string.Join(",", info.Episodes),
            Absolute = info.AbsoluteEpisode,
            Quality = info.Quality,
            Source = info.Source,
            Video = info.VideoCodec,
            Hdr = info.Hdr,
            Group = info.Group,
            Audio = Audio is null ? null : info.AudioCodec,
            Channels = Channels is null ? null : info.AudioChannels,
            Atmos = Atmos is null ? null : info.Atmos,
            Resolution = Resolution is null ? null : info.Resolution,
            Container = Container is null ? null : info.Container,
        };
    }
}
