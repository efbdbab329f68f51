using System.Collections.Frozen;
using StreamVault.Core.Catalog;
using StreamVault.Data.Entities;

namespace StreamVault.Delivery.Policy;

/// <summary>
/// The delivery mode of every quality at one moment, and what it allows for a file: a stream link only under
/// <see cref="DeliveryMode.Stream"/>; a download link unless a mirror replaces it; the mirror under
/// <see cref="DeliveryMode.ExternalLink"/> when the file has one (without one, the file is download-only).
/// </summary>
public sealed class DeliveryPolicy(IReadOnlyDictionary<QualityBucket, DeliveryMode> modes)
{
    public const string SettingPrefix = "delivery-policy:";

    /// <summary>Every quality streams: a fresh install, and the tests that do not care.</summary>
    public static DeliveryPolicy Default { get; } = new(FrozenDictionary<QualityBucket, DeliveryMode>.Empty);

    private readonly FrozenDictionary<QualityBucket, DeliveryMode> _modes = modes.ToFrozenDictionary();

    public DeliveryMode ModeOf(QualityBucket quality) => _modes.GetValueOrDefault(quality, DeliveryMode.Stream);

    /// <summary>The mode as applied to this file: external-link without a mirror falls back to download-only.</summary>
    public DeliveryMode EffectiveMode(MediaFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return ModeOf(file.Quality) switch
        {
            DeliveryMode.ExternalLink when string.IsNullOrEmpty(file.MirrorUrl) => DeliveryMode.DownloadOnly,
            var mode => mode,
        };
    }

    public bool CanStream(MediaFile file) => EffectiveMode(file) == DeliveryMode.Stream;

    public bool CanDownload(MediaFile file) => EffectiveMode(file) != DeliveryMode.ExternalLink;

    public string? Mirror(MediaFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return EffectiveMode(file) == DeliveryMode.ExternalLink ? file.MirrorUrl : null;
    }

    public static string SettingKey(QualityBucket quality) => SettingPrefix + quality.Name();
}
