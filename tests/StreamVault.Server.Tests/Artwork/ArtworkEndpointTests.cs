using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Artwork;
using StreamVault.Catalog;
using StreamVault.Catalog.Ingest;
using StreamVault.Core.Catalog;
using StreamVault.Data;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Artwork;

public sealed class ArtworkEndpointTests
{
    [Fact]
    public async Task Ingest_draws_artwork_served_with_content_type_etag_and_304()
    {
        await using var app = await TestApp.StartAsync(demoTitles: true);
        var (titleId, mediaId) = await MovieAsync(app);

        using var poster = await app.Client.GetAsync($"/art/{titleId}/poster.jpg");
        Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
        Assert.Equal("image/jpeg", poster.Content.Headers.ContentType!.MediaType);
        Assert.Equal(ArtworkExtractor.PosterWidth, ArtworkFiles.JpegSize(await poster.Content.ReadAsByteArrayAsync()).Width);
        var etag = poster.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Contains("max-age", poster.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/art/{titleId}/poster.jpg");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await app.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var vtt = await app.Client.GetAsync($"/art/media/{mediaId}/thumbs.vtt");
        Assert.Equal(HttpStatusCode.OK, vtt.StatusCode);
        Assert.Equal("text/vtt", vtt.Content.Headers.ContentType!.MediaType);
        var cues = ArtworkFiles.ParseVtt(await vtt.Content.ReadAsStringAsync());
        Assert.NotEmpty(cues);

        // The index names its sprite relative to itself, as a player resolves it.
        using var sprite = await app.Client.GetAsync(new Uri(vtt.RequestMessage!.RequestUri!, cues[0].Url));
        Assert.Equal(HttpStatusCode.OK, sprite.StatusCode);
        Assert.Equal("image/jpeg", sprite.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(sprite.Headers.ETag);

        var page = await app.Client.GetStringAsync($"/title/{titleId}");
        Assert.Contains($"src=\"/art/{titleId}/poster.jpg\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-thumbnails=\"/art/media/{mediaId}/thumbs.vtt\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_ids_answer_404()
    {
        await using var app = await TestApp.StartAsync();
        foreach (var path in new[] { "/art/nosuchtitle/poster.jpg", "/art/media/nosuchmedia/thumbs.vtt", "/art/media/nosuchmedia/thumbs.jpg", "/art/media/..%2F..%2Fcatalog.db/thumbs.jpg" })
        {
            using var response = await app.Client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Missing_artwork_is_drawn_once_on_first_request()
    {
        await using var app = await TestApp.StartAsync(demoTitles: true);
        var (titleId, mediaId) = await MovieAsync(app);
        var store = app.Services.GetRequiredService<ArtworkStore>();
        store.Delete(mediaId); // as if ingested before ffmpeg was installed

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.Client.GetAsync($"/art/media/{mediaId}/thumbs.vtt")));
        using var poster = await app.Client.GetAsync($"/art/{titleId}/poster.jpg");

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.ETag!.Tag).Distinct());
        Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
        Assert.True(store.Has(mediaId, ArtworkKind.ThumbnailSprite));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Without_ffmpeg_ingest_succeeds_and_pages_keep_the_placeholder()
    {
        await using var app = await TestApp.StartAsync(s => s["StreamVault:Artwork:FfmpegPath"] = "none");
        var film = Path.Combine(AppContext.BaseDirectory, "Demo", "media", "Aurora.Drift.2025.720p.WEB-DL.VP9.Opus-STREAMVAULT.webm");

        Assert.Equal(IngestOutcome.Added, (await Ingest.IngestServiceTests.IngestAsync(app, film)).Outcome);

        var (titleId, mediaId) = await MovieAsync(app);
        Assert.False(Directory.Exists(app.Folder.Combine("artwork")));
        var page = await app.Client.GetStringAsync($"/title/{titleId}");
        Assert.Contains($"src=\"/poster/{titleId}.svg\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-thumbnails=\"/", page, StringComparison.Ordinal);
        using var poster = await app.Client.GetAsync($"/art/{titleId}/poster.jpg");
        Assert.Equal(HttpStatusCode.Redirect, poster.StatusCode);
        Assert.Equal($"/poster/{titleId}.svg", poster.Headers.Location!.OriginalString);
        using var thumbs = await app.Client.GetAsync($"/art/media/{mediaId}/thumbs.vtt");
        Assert.Equal(HttpStatusCode.NotFound, thumbs.StatusCode);
    }

    [Fact]
    public async Task Takedown_deletes_the_artwork_and_its_urls_answer_410()
    {
        await using var app = await TestApp.StartAsync(demoTitles: true);
        var (titleId, mediaId) = await MovieAsync(app);
        var store = app.Services.GetRequiredService<ArtworkStore>();
        Assert.True(store.Has(mediaId, ArtworkKind.Poster));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<TitleRemoval>().RemoveAsync(titleId, "test", "takedown", CancellationToken.None);
            Assert.Empty(result!.Failures);
        }

        Assert.False(store.Has(mediaId, ArtworkKind.Poster));
        Assert.False(store.Has(mediaId, ArtworkKind.ThumbnailIndex));
        foreach (var path in new[] { $"/art/{titleId}/poster.jpg", $"/art/media/{mediaId}/thumbs.vtt", $"/art/media/{mediaId}/thumbs.jpg" })
        {
            using var response = await app.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        }
    }

    /// <summary>The demo film's title and the file its poster comes from (its best quality).</summary>
    private static async Task<(string TitleId, string MediaId)> MovieAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var file = await db.MediaFiles.Include(m => m.Title).Where(m => m.Title!.Kind == TitleKind.Movie).OrderByDescending(m => m.Quality).FirstAsync();
        return (file.Title!.PublicId, file.PublicId);
    }
}
