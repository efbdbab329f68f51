using StreamVault.Core.Catalog;

namespace StreamVault.Data.Entities;

/// <summary>A movie or a series. Removing a title keeps the row as a tombstone so its links answer 410 Gone.</summary>
public sealed class Title
{
    public long Id { get; set; }

    /// <summary>Opaque id used in URLs; never the database id.</summary>
    public required string PublicId { get; set; }

    public TitleKind Kind { get; set; }

    public required string Name { get; set; }

    /// <summary>Lower-case, accent-free name used for matching and search.</summary>
    public required string NormalizedName { get; set; }

    public int? Year { get; set; }

    public required string Slug { get; set; }

    public string? Overview { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? RemovedAt { get; set; }

    public string? RemovalReason { get; set; }

    public ICollection<Season> Seasons { get; set; } = [];

    public ICollection<MediaFile> MediaFiles { get; set; } = [];

    public bool IsRemoved => RemovedAt is not null;
}

public sealed class Season
{
    public long Id { get; set; }

    public long TitleId { get; set; }

    public Title? Title { get; set; }

    /// <summary>0 holds specials and anime episodes known only by absolute number.</summary>
    public int Number { get; set; }

    public ICollection<Episode> Episodes { get; set; } = [];
}

public sealed class Episode
{
    public long Id { get; set; }

    public long SeasonId { get; set; }

    public Season? Season { get; set; }

    public int Number { get; set; }

    /// <summary>Last episode a multi-episode file covers (S01E01E02 → Number 1, LastNumber 2).</summary>
    public int? LastNumber { get; set; }

    public string? Name { get; set; }

    public ICollection<MediaFile> MediaFiles { get; set; } = [];
}
