using StreamVault.Core.Catalog;

namespace StreamVault.Delivery.Policy;

/// <summary>How the files of one quality reach viewers.</summary>
public enum DeliveryMode
{
    /// <summary>Played in the browser and downloadable (the default).</summary>
    Stream,

    /// <summary>Downloadable only: no player, no stream link (e.g. 4K, which most viewers' links cannot carry live).</summary>
    DownloadOnly,

    /// <summary>Offered through an admin-set mirror link per file; a file without one is treated as download-only.</summary>
    ExternalLink,
}

/// <summary>The names the admin API and the command line use for qualities and modes ("2160p", "download-only").</summary>
public static class DeliveryNames
{
    private static readonly (QualityBucket Quality, string Name)[] Qualities =
    [
        (QualityBucket.Uhd2160, "2160p"), (QualityBucket.FullHd1080, "1080p"), (QualityBucket.Hd720, "720p"), (QualityBucket.Sd480, "480p"), (QualityBucket.Other, "other"),
    ];

    private static readonly (DeliveryMode Mode, string Name)[] Modes =
    [
        (DeliveryMode.Stream, "stream"), (DeliveryMode.DownloadOnly, "download-only"), (DeliveryMode.ExternalLink, "external-link"),
    ];

    public static IEnumerable<QualityBucket> AllQualities => Qualities.Select(q => q.Quality);

    public static string QualityNames => string.Join(", ", Qualities.Select(q => q.Name));

    public static string ModeNames => string.Join(", ", Modes.Select(m => m.Name));

    public static string Name(this QualityBucket quality) => Qualities.First(q => q.Quality == quality).Name;

    public static string Name(this DeliveryMode mode) => Modes.First(m => m.Mode == mode).Name;

    /// <summary>"2160p" or "4k", case-insensitive.</summary>
    public static bool TryParseQuality(string? text, out QualityBucket quality)
    {
        var name = string.Equals(text, "4k", StringComparison.OrdinalIgnoreCase) ? "2160p" : text;
        var match = Qualities.FirstOrDefault(q => string.Equals(q.Name, name, StringComparison.OrdinalIgnoreCase));
        quality = match.Quality;
        return match.Name is not null;
    }

    public static bool TryParseMode(string? text, out DeliveryMode mode)
    {
        var match = Modes.FirstOrDefault(m => string.Equals(m.Name, text, StringComparison.OrdinalIgnoreCase));
        mode = match.Mode;
        return match.Name is not null;
    }
}
