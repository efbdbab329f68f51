using System.Diagnostics.CodeAnalysis;
using StreamVault.Core.Catalog;

namespace StreamVault.Data.Entities;

/// <summary>One encode of a movie or an episode in one quality. Several may share a title and quality (versions).</summary>
public sealed class MediaFile
{
    public long Id { get; set; }

    public required string PublicId { get; set; }

    public long TitleId { get; set; }

    public Title? Title { get; set; }

    public long? EpisodeId { get; set; }

    public Episode? Episode { get; set; }

    public QualityBucket Quality { get; set; }

    /// <summary>1 for the first file of this title (or episode) and quality, 2 for the next, ...</summary>
    public int VersionNumber { get; set; } = 1;

    public required string OriginalName { get; set; }

    public string? Source { get; set; }

    public string? VideoCodec { get; set; }

    public string? AudioCodec { get; set; }

    public string? AudioChannels { get; set; }

    public string? Hdr { get; set; }

    public string? ReleaseGroup { get; set; }

    /// <summary>Lower-case extension: mkv, mp4, webm.</summary>
    public required string Container { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    public double? DurationSeconds { get; set; }

    public long? BitRate { get; set; }

    /// <summary>Audio and subtitle tracks from ffprobe, as compact JSON; null when ffprobe was not available.</summary>
    public string? TracksJson { get; set; }

    public long Size { get; set; }

    /// <summary>CRC-32 of the whole file, computed while copying; used by zip packs.</summary>
    public uint Crc32 { get; set; }

    /// <summary>Identity of the source bytes (size + sampled SHA-256) that makes ingest idempotent.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>Bumped whenever the bytes behind this id change, so caches keyed on it never mix versions.</summary>
    public int ContentVersion { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public DateTime? RemovedAt { get; set; }

    /// <summary>An admin-set external copy (a drive link) offered instead of streaming and downloading when this
    /// file's quality is delivered as an external link. Shown to browsers, so it is validated when set.</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "Persisted as a text column and echoed to browsers as entered; MirrorUrlRule validates it when it is set.")]
    public string? MirrorUrl { get; set; }

    public ICollection<MediaReplica> Replicas { get; set; } = [];

    public ICollection<Subtitle> Subtitles { get; set; } = [];
}

/// <summary>A complete copy of a media file in one vault.</summary>
public sealed class MediaReplica
{
    public long Id { get; set; }

    public long MediaFileId { get; set; }

    public MediaFile? MediaFile { get; set; }

    public required string VaultId { get; set; }

    /// <summary>Lower is tried first.</summary>
    public int Priority { get; set; }

    public DateTime CreatedAt { get; set; }

    public ICollection<ReplicaPart> Parts { get; set; } = [];
}

public sealed class ReplicaPart
{
    public long Id { get; set; }

    public long ReplicaId { get; set; }

    public int Index { get; set; }

    /// <summary>Vault-specific address (a relative path, a channel/message pair). Never sent to a browser.</summary>
    public required string Locator { get; set; }

    public long Length { get; set; }
}

/// <summary>A sidecar subtitle of a media file.</summary>
public sealed class Subtitle
{
    public long Id { get; set; }

    public required string PublicId { get; set; }

    public long MediaFileId { get; set; }

    public MediaFile? MediaFile { get; set; }

    /// <summary>BCP 47 tag as found in the file name (en, pt-BR), or "und".</summary>
    public required string Language { get; set; }

    public bool Forced { get; set; }

    public bool HearingImpaired { get; set; }

    /// <summary>srt, vtt, ass or ssa.</summary>
    public required string Format { get; set; }

    public required string OriginalName { get; set; }

    public required string VaultId { get; set; }

    public required string Locator { get; set; }

    public long Size { get; set; }
}
