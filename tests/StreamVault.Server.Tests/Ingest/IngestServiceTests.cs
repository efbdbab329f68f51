using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Catalog.Ingest;
using StreamVault.Core.Catalog;
using StreamVault.Data;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Ingest;

public sealed class IngestServiceTests
{
    [Fact]
    public async Task Ingesting_the_same_file_twice_is_a_no_op()
    {
        await using var app = await TestApp.StartAsync();
        var file = app.Folder.WriteRandomFile("in/Some.Movie.2021.1080p.WEB-DL.x264-GRP.mkv", 300_000);

        var first = await IngestAsync(app, file);
        var second = await IngestAsync(app, file);

        Assert.Equal(IngestOutcome.Added, first.Outcome);
        Assert.Equal(IngestOutcome.AlreadyPresent, second.Outcome);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        Assert.Equal(1, await db.MediaFiles.CountAsync());
        Assert.Equal(1, await db.Titles.CountAsync());
    }

    [Fact]
    public async Task The_same_bytes_under_another_name_are_recognised()
    {
        await using var app = await TestApp.StartAsync();
        var file = app.Folder.WriteRandomFile("in/a/Film.2020.720p.mkv", 100_000, seed: 7);
        var copy = app.Folder.Combine("in/b/renamed.mkv");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(file, copy);

        Assert.Equal(IngestOutcome.Added, (await IngestAsync(app, file)).Outcome);
        Assert.Equal(IngestOutcome.AlreadyPresent, (await IngestAsync(app, copy)).Outcome);
    }

    [Fact]
    public async Task Records_size_crc_parts_and_sidecar_subtitles()
    {
        await using var app = await TestApp.StartAsync(s => s["StreamVault:Vaults:LocalMaxPartSize"] = "65536");
        var file = app.Folder.WriteRandomFile("in/Show.Name.S02E03.720p.WEB-DL.mkv", 200_000, seed: 3);
        File.WriteAllText(app.Folder.Combine("in/Show.Name.S02E03.720p.WEB-DL.en.srt"), "1\n00:00:01,000 --> 00:00:02,000\nHi\n");
        File.WriteAllText(app.Folder.Combine("in/Show.Name.S02E03.720p.WEB-DL.pt-BR.forced.srt"), "1\n00:00:01,000 --> 00:00:02,000\nOi\n");
        File.WriteAllText(app.Folder.Combine("in/Other.Show.S01E01.en.srt"), "not ours");

        var result = await IngestAsync(app, file);

        Assert.Equal(IngestOutcome.Added, result.Outcome);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var media = await db.MediaFiles.Include(m => m.Replicas).ThenInclude(r => r.Parts).Include(m => m.Subtitles).Include(m => m.Episode).ThenInclude(e => e!.Season).SingleAsync();
        Assert.Equal(200_000, media.Size);
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(File.ReadAllBytes(file)), media.Crc32);
        Assert.Equal(4, media.Replicas.Single().Parts.Count);
        Assert.Equal(200_000, media.Replicas.Single().Parts.Sum(p => p.Length));
        Assert.Equal(["en", "pt-BR"], media.Subtitles.Select(s => s.Language).Order(StringComparer.Ordinal));
        Assert.True(media.Subtitles.Single(s => s.Language == "pt-BR").Forced);
        Assert.Equal(2, media.Episode!.Season!.Number);
        Assert.Equal(3, media.Episode.Number);
    }

    [Fact]
    public async Task A_cancelled_ingest_leaves_nothing_visible_and_a_rerun_finishes()
    {
        await using var app = await TestApp.StartAsync(s => s["StreamVault:Vaults:LocalMaxPartSize"] = "1048576");
        var file = app.Folder.WriteRandomFile("in/Big.Film.2019.1080p.mkv", 5 * 1024 * 1024, seed: 9);
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(bytes =>
        {
            if (bytes > 2 * 1024 * 1024)
            {
                cancel.Cancel();
            }
        });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var ingest = scope.ServiceProvider.GetRequiredService<IngestService>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ingest.IngestFileAsync(file, progress, cancel.Token));
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            Assert.Equal(0, await db.Titles.CountAsync());
            Assert.Equal(0, await db.MediaFiles.CountAsync());
        }

        Assert.Equal(IngestOutcome.Added, (await IngestAsync(app, file)).Outcome);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var media = await db.MediaFiles.SingleAsync();
            Assert.Equal(5 * 1024 * 1024, media.Size);
        }
    }

    [Fact]
    public async Task Qualities_of_one_title_group_under_it_and_a_second_file_of_a_quality_is_a_version()
    {
        await using var app = await TestApp.StartAsync();
        await IngestAsync(app, app.Folder.WriteRandomFile("in/Dune.Part.Two.2024.2160p.WEB-DL.DDP5.1.HDR.H.265-FLUX.mkv", 50_000, 1));
        await IngestAsync(app, app.Folder.WriteRandomFile("in/Dune.Part.Two.2024.1080p.BluRay.x264-GRP.mkv", 50_000, 2));
        await IngestAsync(app, app.Folder.WriteRandomFile("in/Dune.Part.Two.2024.1080p.WEB-DL.x264-OTHER.mkv", 50_000, 3));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var title = await db.Titles.Include(t => t.MediaFiles).SingleAsync();
        Assert.Equal(TitleKind.Movie, title.Kind);
        Assert.Equal(3, title.MediaFiles.Count);
        Assert.Equal([1, 2], title.MediaFiles.Where(m => m.Quality == QualityBucket.FullHd1080).Select(m => m.VersionNumber).Order());
    }

    [Fact]
    public async Task Episodes_gather_under_seasons_of_one_series()
    {
        await using var app = await TestApp.StartAsync();
        await IngestAsync(app, app.Folder.WriteRandomFile("in/The.Office.US.S03E07.720p.BluRay.x264-DEMAND.mkv", 20_000, 1));
        await IngestAsync(app, app.Folder.WriteRandomFile("in/The.Office.US.S03E08.720p.BluRay.x264-DEMAND.mkv", 20_000, 2));
        await IngestAsync(app, app.Folder.WriteRandomFile("in/The.Office.US.S04E01.1080p.WEB-DL.x264-GRP.mkv", 20_000, 3));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var series = await db.Titles.Include(t => t.Seasons).ThenInclude(s => s.Episodes).SingleAsync();
        Assert.Equal(TitleKind.Series, series.Kind);
        Assert.Equal([3, 4], series.Seasons.Select(s => s.Number).Order());
        Assert.Equal([7, 8], series.Seasons.Single(s => s.Number == 3).Episodes.Select(e => e.Number).Order());
    }

    internal static async Task<IngestFileResult> IngestAsync(TestApp app, string file)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IngestService>().IngestFileAsync(file, null, CancellationToken.None);
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
