using Microsoft.Extensions.DependencyInjection;
using StreamVault.Core.Catalog;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Vaults;

namespace StreamVault.Site.Tests.Infrastructure;

/// <summary>Public ids of the seeded titles and files, for the tests to navigate by.</summary>
public sealed record SeededCatalog(
    string MovieId,
    string Movie720FileId,
    string Movie480FileId,
    string SeriesId,
    string Episode1FileId,
    string Episode2FileId,
    string ScriptTitleId,
    string RemovedTitleId,
    string RemovedFileId,
    string UhdTitleId,
    int FillerCount);

/// <summary>
/// Writes the catalogue the site tests look at straight into the database and the vault, with the server's demo
/// media (12 s VP9/Opus WebM films and their SRT subtitles). Seeding directly keeps these tests independent of
/// the release-name parser and of ingest, which have tests of their own.
/// </summary>
public static class SiteSeed
{
    public const string MovieName = "Aurora Drift";
    public const string SeriesName = "Signal Garden";
    public const string ScriptName = "<script>alert(1)</script>";
    public const string RemovedName = "Vanished Film";
    public const string UhdName = "Nebula Crown";
    public const string FillerPrefix = "Filler Title";
    public const int Fillers = 27;

    private static string Media(string name) => Path.Combine(AppContext.BaseDirectory, "Demo", "media", name);

    public static async Task<SeededCatalog> SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var vault = scope.ServiceProvider.GetRequiredService<IVaultRegistry>().Default;
        var seeder = new Seeder(db, vault);

        var movie = seeder.Title(TitleKind.Movie, MovieName, 2025, "A drifting light over a quiet sea.", minutesAgo: 10);
        var m720 = await seeder.FileAsync(movie, null, QualityBucket.Hd720, "Aurora.Drift.2025.720p.WEB-DL.VP9.Opus-STREAMVAULT", hdr: null);
        var m480 = await seeder.FileAsync(movie, null, QualityBucket.Sd480, "Aurora.Drift.2025.480p.WEB-DL.VP9.Opus-STREAMVAULT", hdr: null);

        var series = seeder.Title(TitleKind.Series, SeriesName, 2024, "Two short episodes.", minutesAgo: 20);
        var season = new Season { Number = 1 };
        series.Seasons.Add(season);
        var e1 = new Episode { Number = 1, Name = "Seeds" };
        var e2 = new Episode { Number = 2, Name = "Bloom" };
        season.Episodes.Add(e1);
        season.Episodes.Add(e2);
        var f1 = await seeder.FileAsync(series, e1, QualityBucket.Sd480, "Signal.Garden.S01E01.480p.WEB-DL.VP9.Opus-STREAMVAULT", hdr: null);
        var f2 = await seeder.FileAsync(series, e2, QualityBucket.Sd480, "Signal.Garden.S01E02.480p.WEB-DL.VP9.Opus-STREAMVAULT", hdr: null);

        var script = seeder.Title(TitleKind.Movie, ScriptName, 2020, "<img src=x onerror=alert(2)>", minutesAgo: 30);
        await seeder.FileAsync(script, null, QualityBucket.Sd480, "Signal.Garden.S01E01.480p.WEB-DL.VP9.Opus-STREAMVAULT", hdr: null, subtitles: false);

        var uhd = seeder.Title(TitleKind.Movie, UhdName, 2023, null, minutesAgo: 40);
        await seeder.FileAsync(uhd, null, QualityBucket.Uhd2160, "Aurora.Drift.2025.720p.WEB-DL.VP9.Opus-STREAMVAULT", hdr: "HDR10", subtitles: false);

        var removed = seeder.Title(TitleKind.Movie, RemovedName, 2019, null, minutesAgo: 5);
        var removedFile = await seeder.FileAsync(removed, null, QualityBucket.Hd720, "Aurora.Drift.2025.480p.WEB-DL.VP9.Opus-STREAMVAULT", hdr: null, subtitles: false);
        removed.RemovedAt = DateTime.UtcNow;
        removed.RemovalReason = "test";

        for (var i = 1; i <= Fillers; i++)
        {
            var filler = seeder.Title(TitleKind.Movie, $"{FillerPrefix} {i:00}", 1990, null, minutesAgo: 100 + i);
            await seeder.FileAsync(filler, null, QualityBucket.Sd480, "Signal.Garden.S01E01.480p.WEB-DL.VP9.Opus-STREAMVAULT", hdr: null, subtitles: false);
        }

        await db.SaveChangesAsync();
        return new SeededCatalog(movie.PublicId, m720.PublicId, m480.PublicId, series.PublicId, f1.PublicId, f2.PublicId, script.PublicId, removed.PublicId, removedFile.PublicId, uhd.PublicId, Fillers);
    }

    private sealed class Seeder(CatalogDbContext db, IVault vault)
    {
        private readonly Dictionary<string, StoredObject> stored = [];
        private int counter;

        public Title Title(TitleKind kind, string name, int year, string? overview, int minutesAgo)
        {
            var now = DateTime.UtcNow.AddMinutes(-minutesAgo);
            var title = new Title
            {
                PublicId = NewId("t"),
                Kind = kind,
                Name = name,
                NormalizedName = name.ToLowerInvariant(),
                Year = year,
                Slug = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-'),
                Overview = overview,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Titles.Add(title);
            return title;
        }

        public async Task<MediaFile> FileAsync(Title title, Episode? episode, QualityBucket quality, string baseName, string? hdr, bool subtitles = true)
        {
            var media = await StoreAsync(baseName + ".webm");
            var file = new MediaFile
            {
                PublicId = NewId("f"),
                Title = title,
                Episode = episode,
                Quality = quality,
                OriginalName = baseName + ".webm",
                Container = "webm",
                VideoCodec = "VP9",
                AudioCodec = "Opus",
                Hdr = hdr,
                Width = quality == QualityBucket.Sd480 ? 854 : 1280,
                Height = quality == QualityBucket.Sd480 ? 480 : 720,
                DurationSeconds = 12,
                Size = media.Length,
                Fingerprint = NewId("fp"),
                CreatedAt = title.CreatedAt,
            };
            file.Replicas.Add(new StreamVault.Data.Entities.MediaReplica
            {
                VaultId = media.VaultId,
                CreatedAt = title.CreatedAt,
                Parts = media.Parts.Select(p => new ReplicaPart { Index = p.Index, Locator = p.Locator, Length = p.Length }).ToList(),
            });
            if (subtitles)
            {
                foreach (var language in new[] { "en", "pt-BR" })
                {
                    var path = baseName + "." + language + ".srt";
                    if (File.Exists(Media(path)))
                    {
                        var sub = await StoreAsync(path);
                        file.Subtitles.Add(new Subtitle
                        {
                            PublicId = NewId("s"),
                            Language = language,
                            Format = "srt",
                            OriginalName = path,
                            VaultId = sub.VaultId,
                            Locator = sub.Parts[0].Locator,
                            Size = sub.Length,
                        });
                    }
                }
            }

            title.MediaFiles.Add(file);
            return file;
        }

        private async Task<StoredObject> StoreAsync(string name)
        {
            if (!stored.TryGetValue(name, out var obj))
            {
                await using var stream = File.OpenRead(Media(name));
                obj = await vault.WriteAsync("seed-" + stored.Count, stream, null, CancellationToken.None);
                stored[name] = obj;
            }

            return obj;
        }

        private string NewId(string prefix) => $"{prefix}{++counter:000}{Guid.NewGuid():N}"[..16];
    }
}
