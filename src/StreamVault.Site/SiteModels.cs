using StreamVault.Core.Catalog;

namespace StreamVault.Site;

// View models of the rendered pages: every *Url here is a site-relative path (/title/..., /watch/..., /media/...) or a
// mirror address as the admin entered it, written into the HTML as it is; System.Uri would model neither.
#pragma warning disable CA1054, CA1056

/// <summary>What the layout needs on every page: the document title, who is signed in, and the search box text.</summary>
public sealed record PageChrome(string Title, string? UserName, string? Role, string? Query = null, string? Section = null);

/// <summary>A title as shown on a card in a row or grid. Only public ids leave the server.</summary>
public sealed record TitleCard(string PublicId, string Name, string Slug, int? Year, TitleKind Kind, QualityBucket? BestQuality, bool Hdr, string? PosterMediaId)
{
    /// <summary>Set by <see cref="SiteCatalog"/> from the title route.</summary>
    public string Url { get; init; } = string.Empty;

    /// <summary>The poster frame when there is (or can be) one, else the generated placeholder; set by <see cref="SiteCatalog"/>.</summary>
    public string PosterUrl { get; init; } = string.Empty;
}

public sealed record HomeModel(IReadOnlyList<TitleCard> Recent, IReadOnlyList<TitleCard> Movies, IReadOnlyList<TitleCard> Series, IReadOnlyList<TitleCard> Uhd);

public sealed record BrowseFilter(TitleKind? Kind, int? Year, QualityBucket? Quality, int Page);

public sealed record BrowseModel(BrowseFilter Filter, IReadOnlyList<TitleCard> Titles, int Total, int PageSize, IReadOnlyList<int> Years)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record SearchModel(string Query, IReadOnlyList<TitleCard> Results);

/// <summary>One encode in the quality picker. The delivery policy leaves out what it does not offer: no
/// <see cref="PlayUrl"/> for a quality that does not stream, no <see cref="DownloadUrl"/> where a mirror replaces it.</summary>
public sealed record FileRow(string PublicId, QualityBucket Quality, int Version, long Size, string? VideoCodec, string? AudioCodec, string? Hdr, string Container, string? PlayUrl, string? DownloadUrl, string? MirrorUrl, bool InPlayer)
{
    /// <summary>Set by <see cref="SiteCatalog"/> from the watch route.</summary>
    public string WatchUrl { get; init; } = string.Empty;
}

public sealed record EpisodeView(int Season, int Number, int? LastNumber, string? Name, IReadOnlyList<FileRow> Files)
{
    public string Code => LastNumber is { } last && last != Number ? $"S{Season:00}E{Number:00}-E{last:00}" : $"S{Season:00}E{Number:00}";
}

public sealed record SeasonView(int Number, IReadOnlyList<EpisodeView> Episodes);

public sealed record PlayerSource(string Url, string MimeType, int Size, string FilePublicId, string FreshLinksUrl);

public sealed record PlayerTrack(string Url, string Language, string Label, bool Forced);

/// <summary>Everything the player markup needs; <see cref="ResumeKey"/> is built from public ids only. <see cref="ThumbnailsUrl"/>
/// is the seek-thumbnail index of the selected file (one set for every quality: the frames are the same picture).</summary>
public sealed record PlayerModel(string Title, string ResumeKey, string PosterUrl, int SelectedSize, IReadOnlyList<PlayerSource> Sources, IReadOnlyList<PlayerTrack> Tracks, string? NextUrl, string? NextTitle, string? ThumbnailsUrl);

public sealed record TitleModel(TitleCard Card, string? Overview, DateTime AddedAt, IReadOnlyList<FileRow> Files, IReadOnlyList<SeasonView> Seasons, PlayerModel? Player);

/// <summary>The watch page; <see cref="Player"/> is null when no quality of the file streams (the page offers downloads and mirrors).</summary>
public sealed record WatchModel(TitleCard Card, string Heading, PlayerModel? Player, IReadOnlyList<FileRow> Files);

public sealed record ErrorModel(int StatusCode, string Heading, string Message);
#pragma warning restore CA1054, CA1056
