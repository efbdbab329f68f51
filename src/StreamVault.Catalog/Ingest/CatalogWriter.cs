using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StreamVault.Core.Catalog;
using StreamVault.Data;
using StreamVault.Data.Entities;

namespace StreamVault.Catalog.Ingest;

/// <summary>Places a media file in the catalogue: finds or creates its title, season and episode, numbers its version
/// within the quality bucket, and writes file, replica, parts and subtitles in one transaction.</summary>
public sealed class CatalogWriter(CatalogDbContext db, TimeProvider time)
{
    public async Task<Title> AddAsync(MediaDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var release = draft.Release;
        var kind = release.IsEpisode ? TitleKind.Series : TitleKind.Movie;
        var title = await FindOrCreateTitleAsync(kind, release.Title, release.Year, now, cancellationToken);
        var episode = kind == TitleKind.Series ? await FindOrCreateEpisodeAsync(title, release, cancellationToken) : null;

        var quality = draft.Quality;
        var existingVersions = await db.MediaFiles.CountAsync(
            m => m.TitleId == title.Id && m.EpisodeId == (episode == null ? null : episode.Id) && m.Quality == quality, cancellationToken);
        var file = new MediaFile
        {
            PublicId = PublicIds.New(),
            TitleId = title.Id,
            EpisodeId = episode?.Id,
            Quality = quality,
            VersionNumber = existingVersions + 1,
            OriginalName = draft.FileName,
            Source = release.Source,
            VideoCodec = release.VideoCodec ?? draft.Facts?.VideoCodec,
            AudioCodec = release.AudioCodec,
            AudioChannels = release.AudioChannels,
            Hdr = release.Hdr,
            ReleaseGroup = release.Group,
            Container = (release.Container ?? Path.GetExtension(draft.FileName).TrimStart('.')).ToLowerInvariant(),
            Width = draft.Facts?.Width,
            Height = draft.Facts?.Height,
            DurationSeconds = draft.Facts?.DurationSeconds,
            BitRate = draft.Facts?.BitRate,
            TracksJson = draft.Facts is { Tracks.Count: > 0 } facts ? JsonSerializer.Serialize(facts.Tracks) : null,
            Size = draft.Stored.Length,
            Crc32 = draft.Crc32,
            Fingerprint = draft.Fingerprint,
            CreatedAt = now,
        };
        file.Replicas.Add(new MediaReplica
        {
            VaultId = draft.Stored.VaultId,
            CreatedAt = now,
            Parts = draft.Stored.Parts.Select(p => new ReplicaPart { Index = p.Index, Locator = p.Locator, Length = p.Length }).ToList(),
        });
        foreach (var (sidecar, stored) in draft.Subtitles)
        {
            file.Subtitles.Add(new Subtitle
            {
                PublicId = PublicIds.New(),
                Language = sidecar.Name.Language,
                Forced = sidecar.Name.Forced,
                HearingImpaired = sidecar.Name.HearingImpaired,
                Format = sidecar.Name.Extension,
                OriginalName = Path.GetFileName(sidecar.Path),
                VaultId = stored.VaultId,
                Locator = stored.Parts[0].Locator,
                Size = stored.Length,
            });
        }

        db.MediaFiles.Add(file);
        title.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return title;
    }

    private async Task<Title> FindOrCreateTitleAsync(TitleKind kind, string name, int? year, DateTime now, CancellationToken cancellationToken)
    {
        var normalized = Normalize(name);
        var candidates = await db.Titles
            .Where(t => t.Kind == kind && t.NormalizedName == normalized && t.RemovedAt == null)
            .ToListAsync(cancellationToken);
        // A series is often named without its year in episode files; a movie's year tells remakes apart.
        var match = candidates.FirstOrDefault(t => t.Year == year)
            ?? candidates.FirstOrDefault(t => t.Year is null || year is null);
        if (match is not null)
        {
            if (match.Year is null && year is not null)
            {
                match.Year = year;
            }

            return match;
        }

        var title = new Title
        {
            PublicId = PublicIds.New(),
            Kind = kind,
            Name = name,
            NormalizedName = normalized,
            Year = year,
            Slug = Slugify(name, year),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Titles.Add(title);
        await db.SaveChangesAsync(cancellationToken);
        return title;
    }

    private async Task<Episode?> FindOrCreateEpisodeAsync(Title title, Core.Releases.ReleaseInfo release, CancellationToken cancellationToken)
    {
        // Anime known only by absolute number is shelved as season 1, where viewers look for it.
        var seasonNumber = release.Season ?? 1;
        int? episodeNumber = release.Episodes.Count > 0 ? release.Episodes[0] : release.AbsoluteEpisode;
        var season = await db.Seasons.FirstOrDefaultAsync(s => s.TitleId == title.Id && s.Number == seasonNumber, cancellationToken);
        if (season is null)
        {
            season = new Season { TitleId = title.Id, Number = seasonNumber };
            db.Seasons.Add(season);
            await db.SaveChangesAsync(cancellationToken);
        }

        if (episodeNumber is not { } number)
        {
            return null;
        }

        var episode = await db.Episodes.FirstOrDefaultAsync(e => e.SeasonId == season.Id && e.Number == number, cancellationToken);
        if (episode is null)
        {
            episode = new Episode { SeasonId = season.Id, Number = number, LastNumber = release.Episodes.Count > 1 ? release.Episodes[^1] : null };
            db.Episodes.Add(episode);
            await db.SaveChangesAsync(cancellationToken);
        }

        return episode;
    }

    /// <summary>Lower-case, accents removed, punctuation folded to single spaces: "Amélie" and "amelie" match.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                lastWasSpace = false;
            }
            else if (!lastWasSpace)
            {
                builder.Append(' ');
                lastWasSpace = true;
            }
        }

        return builder.ToString().TrimEnd();
    }

    public static string Slugify(string name, int? year)
    {
        var ascii = new StringBuilder();
        foreach (var c in Normalize(name))
        {
            ascii.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var slug = string.Join('-', ascii.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (slug.Length > 80)
        {
            slug = slug[..80].TrimEnd('-');
        }

        if (slug.Length == 0)
        {
            slug = "title";
        }

        return year is null ? slug : $"{slug}-{year}";
    }
}
