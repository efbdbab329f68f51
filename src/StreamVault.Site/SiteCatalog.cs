using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using StreamVault.Artwork;
using StreamVault.Core.Catalog;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Delivery.Policy;
using StreamVault.Delivery.Streaming;

namespace StreamVault.Site;

/// <summary>
/// The catalogue as the public site sees it: removed titles and files are never listed, and only public ids and
/// signed links leave this class.
/// </summary>
public sealed class SiteCatalog(CatalogDbContext db, IMediaLinks links, ArtworkService artwork, SiteLinks site)
{
    public const int RowSize = 18;
    public const int PageSize = 24;
    public const int SuggestSize = 8;

    // The name is cleaned in the projection's client part, after SQL (see DisplayText).
    private static readonly Expression<Func<Title, TitleCard>> ToCard = t => new TitleCard(
        t.PublicId,
        DisplayText.Clean(t.Name),
        t.Slug,
        t.Year,
        t.Kind,
        t.MediaFiles.Where(m => m.RemovedAt == null).Max(m => (QualityBucket?)m.Quality),
        t.MediaFiles.Any(m => m.RemovedAt == null && m.Hdr != null),
        // The poster frame comes from the main file: a movie's best SDR encode (an HDR frame without tone mapping
        // looks grey), a series' first episode (specials last).
        t.MediaFiles.Where(m => m.RemovedAt == null)
            .OrderBy(m => m.EpisodeId == null ? 0 : 1)
            .ThenBy(m => m.Episode!.Season!.Number == 0 ? 1 : 0).ThenBy(m => m.Episode!.Season!.Number).ThenBy(m => m.Episode!.Number)
            .ThenBy(m => m.Hdr == null ? 0 : 1).ThenByDescending(m => m.Quality).ThenBy(m => m.VersionNumber)
            .Select(m => m.PublicId).FirstOrDefault());

    /// <summary>Titles a visitor may see: not removed, with at least one playable file.</summary>
    private IQueryable<Title> Listed => db.Titles.AsNoTracking().Where(t => t.RemovedAt == null && t.MediaFiles.Any(m => m.RemovedAt == null));

    public async Task<HomeModel> HomeAsync(CancellationToken ct)
    {
        var recent = await Listed.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id).Take(RowSize).Select(ToCard).ToListAsync(ct);
        var movies = await Listed.Where(t => t.Kind == TitleKind.Movie).OrderBy(t => t.Name).Take(RowSize).Select(ToCard).ToListAsync(ct);
        var series = await Listed.Where(t => t.Kind == TitleKind.Series).OrderBy(t => t.Name).Take(RowSize).Select(ToCard).ToListAsync(ct);
        var uhd = await Listed.Where(t => t.MediaFiles.Any(m => m.RemovedAt == null && m.Quality == QualityBucket.Uhd2160))
            .OrderByDescending(t => t.CreatedAt).Take(RowSize).Select(ToCard).ToListAsync(ct);
        return new HomeModel(WithPosters(recent), WithPosters(movies), WithPosters(series), WithPosters(uhd));
    }

    public async Task<BrowseModel> BrowseAsync(BrowseFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = Listed;
        if (filter.Kind is { } kind)
        {
            query = query.Where(t => t.Kind == kind);
        }

        if (filter.Year is { } year)
        {
            query = query.Where(t => t.Year == year);
        }

        if (filter.Quality is { } quality)
        {
            query = query.Where(t => t.MediaFiles.Any(m => m.RemovedAt == null && m.Quality == quality));
        }

        var total = await query.CountAsync(ct);
        var page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var titles = await query.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Name).ThenBy(t => t.Id)
            .Skip((page - 1) * PageSize).Take(PageSize).Select(ToCard).ToListAsync(ct);
        var years = await Listed.Where(t => t.Year != null).Select(t => t.Year!.Value).Distinct().OrderByDescending(y => y).ToListAsync(ct);
        return new BrowseModel(filter with { Page = page }, WithPosters(titles), total, PageSize, years);
    }

    public async Task<IReadOnlyList<TitleCard>> SearchAsync(string? text, int limit, CancellationToken ct)
    {
        var (words, year) = SearchText.Parse(text);
        if (words.Count == 0 && year is null)
        {
            return [];
        }

        var query = Listed;
        foreach (var word in words)
        {
            query = query.Where(t => t.NormalizedName.Contains(word));
        }

        if (year is { } y)
        {
            query = query.Where(t => t.Year == y);
        }

        // Names that start with the first word rank first: that is what someone typing a title expects.
        var first = words.Count > 0 ? words[0] : string.Empty;
        return WithPosters(await query.OrderBy(t => first.Length > 0 && t.NormalizedName.StartsWith(first) ? 0 : 1)
            .ThenBy(t => t.Name).ThenByDescending(t => t.Year).Take(limit).Select(ToCard).ToListAsync(ct));
    }

    /// <summary>A listed title's card (for its poster); null when unknown or removed.</summary>
    public Task<TitleCard?> FindTitleCardAsync(string publicId, CancellationToken ct) =>
        db.Titles.AsNoTracking().Where(t => t.PublicId == publicId && t.RemovedAt == null).Select(ToCard).Cast<TitleCard?>().FirstOrDefaultAsync(ct);

    /// <summary>Whether a title with this id exists and was taken down: its pages answer 410 rather than 404.</summary>
    public Task<bool> IsRemovedAsync(string publicId, CancellationToken ct) =>
        db.Titles.AsNoTracking().AnyAsync(t => t.PublicId == publicId && t.RemovedAt != null, ct);

    /// <summary>The title with its playable files, seasons and subtitles; null when the id is unknown. Removed titles are returned so the caller can answer 410.</summary>
    public async Task<Title?> FindTitleAsync(string publicId, CancellationToken ct) =>
        ForDisplay(await db.Titles.AsNoTracking()
            .Include(t => t.MediaFiles.Where(m => m.RemovedAt == null)).ThenInclude(m => m.Subtitles)
            .Include(t => t.Seasons).ThenInclude(s => s.Episodes)
            .AsSplitQuery()
            .FirstOrDefaultAsync(t => t.PublicId == publicId, ct));

    public async Task<(Title? Title, MediaFile? File)> FindFileAsync(string publicId, CancellationToken ct)
    {
        var titleId = await db.MediaFiles.AsNoTracking().Where(m => m.PublicId == publicId).Select(m => (long?)m.TitleId).FirstOrDefaultAsync(ct);
        if (titleId is null)
        {
            return (null, null);
        }

        var title = await db.Titles.AsNoTracking()
            .Include(t => t.MediaFiles).ThenInclude(m => m.Subtitles)
            .Include(t => t.Seasons).ThenInclude(s => s.Episodes)
            .AsSplitQuery()
            .FirstAsync(t => t.Id == titleId, ct);
        return (ForDisplay(title), title.MediaFiles.First(m => m.PublicId == publicId));
    }

    /// <summary>The untracked entities' texts as pages may show them (see <see cref="DisplayText"/>); nothing is saved.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(title))]
    private static Title? ForDisplay(Title? title)
    {
        if (title is null)
        {
            return null;
        }

        title.Name = DisplayText.Clean(title.Name);
        title.Overview = DisplayText.CleanOrNull(title.Overview);
        foreach (var episode in title.Seasons.SelectMany(s => s.Episodes))
        {
            episode.Name = DisplayText.CleanOrNull(episode.Name);
        }

        return title;
    }

    public TitleModel BuildTitle(Title title, DeliveryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(policy);
        var playable = title.MediaFiles.Where(m => m.RemovedAt == null).ToList();
        var card = CardOf(title, playable);
        var movieFiles = playable.Where(m => m.EpisodeId == null).ToList();
        var seasons = title.Seasons.OrderBy(s => s.Number).Select(s => new SeasonView(
                s.Number,
                s.Episodes.OrderBy(e => e.Number)
                    .Select(e => new EpisodeView(s.Number, e.Number, e.LastNumber, e.Name, Rows(playable.Where(m => m.EpisodeId == e.Id).ToList(), null, policy)))
                    .Where(e => e.Files.Count > 0)
                    .ToList()))
            .Where(s => s.Episodes.Count > 0)
            .ToList();

        // Movies play inline; a series page plays its first episode. Only qualities that stream reach the player.
        var inline = (movieFiles.Count > 0 ? movieFiles : FirstEpisodeFiles(title, playable)).Where(policy.CanStream).ToList();
        var player = inline.Count > 0 ? BuildPlayer(title, inline, Best(inline), card.PosterUrl, policy) : null;
        return new TitleModel(card, title.Overview, title.CreatedAt, Rows(movieFiles, player, policy), seasons, player);
    }

    /// <summary>The watch page plays the requested file when its quality streams, else the best sibling quality that
    /// does; with none, it has no player.</summary>
    public WatchModel BuildWatch(Title title, MediaFile file, DeliveryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(policy);
        var playable = title.MediaFiles.Where(m => m.RemovedAt == null).ToList();
        var siblings = playable.Where(m => m.EpisodeId == file.EpisodeId).ToList();
        var streamable = siblings.Where(policy.CanStream).ToList();
        var card = CardOf(title, playable);
        var selected = policy.CanStream(file) ? file : streamable.Count > 0 ? Best(streamable) : null;
        var player = selected is null ? null : BuildPlayer(title, streamable, selected, card.PosterUrl, policy);
        var episode = Episode(title, file.EpisodeId);
        var heading = episode is null ? title.Name : $"{title.Name} · {Code(title, episode)}{(episode.Name is null ? string.Empty : " · " + episode.Name)}";
        return new WatchModel(card, heading, player, Rows(siblings, player, policy));
    }

    private TitleCard CardOf(Title title, List<MediaFile> playable) => WithPoster(new(
        title.PublicId,
        title.Name,
        title.Slug,
        title.Year,
        title.Kind,
        playable.Count == 0 ? null : playable.Max(m => m.Quality),
        playable.Any(m => m.Hdr != null),
        PosterFile(title, playable)?.PublicId));

    /// <summary>In memory, the same choice as the <see cref="ToCard"/> query makes.</summary>
    private static MediaFile? PosterFile(Title title, List<MediaFile> playable)
    {
        var movie = playable.Where(m => m.EpisodeId == null).ToList();
        return (movie.Count > 0 ? movie : FirstEpisodeFiles(title, playable))
            .OrderBy(m => m.Hdr == null ? 0 : 1).ThenByDescending(m => m.Quality).ThenBy(m => m.VersionNumber).FirstOrDefault();
    }

    private List<TitleCard> WithPosters(List<TitleCard> cards) => cards.ConvertAll(WithPoster);

    private TitleCard WithPoster(TitleCard card) =>
        card with
        {
            Url = site.Title(card.PublicId, card.Slug),
            PosterUrl = card.PosterMediaId is { } id && artwork.MayHavePoster(id) ? site.PosterFrame(card.PublicId) : site.PlaceholderPoster(card.PublicId),
        };

    private static MediaFile Best(List<MediaFile> files) =>
        files.OrderByDescending(f => f.Quality == QualityBucket.FullHd1080).ThenByDescending(f => f.Quality).ThenBy(f => f.VersionNumber).First();

    private static List<MediaFile> FirstEpisodeFiles(Title title, List<MediaFile> playable)
    {
        var first = title.Seasons.OrderBy(s => s.Number == 0).ThenBy(s => s.Number)
            .SelectMany(s => s.Episodes.OrderBy(e => e.Number))
            .FirstOrDefault(e => playable.Any(m => m.EpisodeId == e.Id));
        return first is null ? [] : playable.Where(m => m.EpisodeId == first.Id).ToList();
    }

    private List<FileRow> Rows(List<MediaFile> files, PlayerModel? player, DeliveryPolicy policy) => files
        .OrderByDescending(f => f.Quality).ThenBy(f => f.VersionNumber)
        .Select(f => new FileRow(f.PublicId, f.Quality, f.VersionNumber, f.Size, f.VideoCodec, f.AudioCodec, f.Hdr, f.Container,
            links.Play(f, policy), links.Download(f, policy), policy.Mirror(f), player?.Sources.Any(s => s.FilePublicId == f.PublicId) ?? false)
        {
            WatchUrl = site.Watch(f.PublicId),
        })
        .ToList();

    /// <summary>A player over <paramref name="files"/>, which the caller has limited to qualities that stream.</summary>
    private PlayerModel BuildPlayer(Title title, List<MediaFile> files, MediaFile selected, string posterUrl, DeliveryPolicy policy)
    {
        // One source per quality: the chosen file for its own quality, the first version for the others.
        var sources = files.GroupBy(f => f.Quality)
            .Select(g => g.Key == selected.Quality ? selected : g.OrderBy(f => f.VersionNumber).First())
            .OrderByDescending(f => f.PublicId == selected.PublicId).ThenByDescending(f => f.Quality)
            .Select(f => new PlayerSource(links.Play(f, policy)!, MimeType(f.Container), PlayerSize(f.Quality), f.PublicId, site.FreshPlayLinks(f.PublicId)))
            .ToList();
        var tracks = selected.Subtitles
            .OrderByDescending(s => s.Forced).ThenBy(s => s.Language, StringComparer.Ordinal)
            .Select(s => new PlayerTrack(links.Subtitle(s), s.Language, LanguageNames.Label(s.Language, s.Forced, s.HearingImpaired), s.Forced))
            .ToList();
        var episode = Episode(title, selected.EpisodeId);
        var resumeKey = episode is null ? title.PublicId : $"{title.PublicId}:{Code(title, episode)}";
        var (nextUrl, nextTitle) = NextEpisode(title, episode, selected.Quality);
        var name = episode is null ? title.Name : $"{title.Name} {Code(title, episode)}";
        var thumbnails = artwork.MayHaveThumbnails(selected.PublicId, selected.DurationSeconds) ? site.ThumbnailIndex(selected.PublicId) : null;
        return new PlayerModel(name, resumeKey, posterUrl, PlayerSize(selected.Quality), sources, tracks, nextUrl, nextTitle, thumbnails);
    }

    private (string? Url, string? Title) NextEpisode(Title title, Episode? current, QualityBucket quality)
    {
        if (current is null)
        {
            return (null, null);
        }

        var playable = title.MediaFiles.Where(m => m.RemovedAt == null).ToList();
        var ordered = title.Seasons.OrderBy(s => s.Number).SelectMany(s => s.Episodes.OrderBy(e => e.Number)).ToList();
        var next = ordered.SkipWhile(e => e.Id != current.Id).Skip(1).FirstOrDefault(e => playable.Any(m => m.EpisodeId == e.Id));
        if (next is null)
        {
            return (null, null);
        }

        var files = playable.Where(m => m.EpisodeId == next.Id).ToList();
        var file = files.Where(f => f.Quality == quality).OrderBy(f => f.VersionNumber).FirstOrDefault() ?? Best(files);
        return (site.Watch(file.PublicId), $"{Code(title, next)}{(next.Name is null ? string.Empty : " · " + next.Name)}");
    }

    private static Episode? Episode(Title title, long? episodeId) =>
        episodeId is null ? null : title.Seasons.SelectMany(s => s.Episodes).FirstOrDefault(e => e.Id == episodeId);

    private static string Code(Title title, Episode episode)
    {
        var season = title.Seasons.FirstOrDefault(s => s.Id == episode.SeasonId)?.Number ?? 0;
        return episode.LastNumber is { } last && last != episode.Number ? $"S{season:00}E{episode.Number:00}-E{last:00}" : $"S{season:00}E{episode.Number:00}";
    }

    /// <summary>Sizes for Plyr's quality menu; "Other" has no height of its own.</summary>
    public static int PlayerSize(QualityBucket quality) => quality == QualityBucket.Other ? 360 : (int)quality;

    /// <summary>Matroska is left untyped: browsers that can play its codecs still try it, rather than skipping a "video/x-matroska" they do not claim.</summary>
    private static string MimeType(string container) => container switch
    {
        "mp4" or "m4v" => "video/mp4",
        "webm" => "video/webm",
        _ => string.Empty,
    };
}
