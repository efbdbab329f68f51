using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Data;
using StreamVault.Delivery.Policy;
using StreamVault.Delivery.Streaming;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Delivery;

public sealed class DeliveryEnforcementTests
{
    [Fact]
    public async Task A_stream_link_signed_before_the_quality_became_download_only_is_refused_while_download_works()
    {
        await using var app = await TestApp.StartAsync();
        var mediaId = await DeliveryApiTests.IngestFilmAsync(app);
        var (play, download) = await LinksAsync(app, mediaId);
        using (var before = await app.Client.GetAsync(play!))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await SetAsync(app, "2160p", "download-only");

        using var refused = await app.Client.GetAsync(play!);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Contains("not offered for streaming", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var downloaded = await app.Client.GetAsync(download!);
        Assert.Equal(HttpStatusCode.OK, downloaded.StatusCode);
        Assert.Equal(5000, (await downloaded.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task Media_links_follow_the_policy()
    {
        await using var app = await TestApp.StartAsync();
        var mediaId = await DeliveryApiTests.IngestFilmAsync(app);

        var (play, download) = await LinksAsync(app, mediaId);
        Assert.NotNull(play);
        Assert.NotNull(download);

        await SetAsync(app, "2160p", "download-only");
        (play, download) = await LinksAsync(app, mediaId);
        Assert.Null(play);
        Assert.NotNull(download);

        // External link without a mirror: still download-only.
        await SetAsync(app, "2160p", "external-link");
        (play, download) = await LinksAsync(app, mediaId);
        Assert.Null(play);
        Assert.NotNull(download);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<DeliveryAdmin>().SetMirrorAsync(mediaId, "https://drive.example.com/x", "test", CancellationToken.None);
            Assert.Equal(ChangeOutcome.Done, result.Outcome);
        }

        (play, download) = await LinksAsync(app, mediaId);
        Assert.Null(play);
        Assert.Null(download);
    }

    [Fact]
    public async Task A_download_link_is_refused_once_a_mirror_replaces_it()
    {
        await using var app = await TestApp.StartAsync();
        var mediaId = await DeliveryApiTests.IngestFilmAsync(app);
        var (_, download) = await LinksAsync(app, mediaId);

        await SetAsync(app, "2160p", "external-link");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DeliveryAdmin>().SetMirrorAsync(mediaId, "https://drive.example.com/x", "test", CancellationToken.None);
        }

        using var refused = await app.Client.GetAsync(download!);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Other_qualities_keep_streaming()
    {
        await using var app = await TestApp.StartAsync();
        var uhd = await DeliveryApiTests.IngestFilmAsync(app);
        var hd = await DeliveryApiTests.IngestFilmAsync(app, "Mirror.Film.2020.1080p.WEB-DL.mkv");

        await SetAsync(app, "2160p", "download-only");

        Assert.Null((await LinksAsync(app, uhd)).Play);
        using var response = await app.Client.GetAsync((await LinksAsync(app, hd)).Play!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task SetAsync(TestApp app, string quality, string mode)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DeliveryAdmin>().SetPolicyAsync(quality, mode, "test", CancellationToken.None);
        Assert.Equal(ChangeOutcome.Done, result.Outcome);
    }

    private static async Task<(string? Play, string? Download)> LinksAsync(TestApp app, string mediaId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var file = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.AsNoTracking().SingleAsync(m => m.PublicId == mediaId);
        var policy = await scope.ServiceProvider.GetRequiredService<DeliveryPolicies>().GetAsync(CancellationToken.None);
        var links = scope.ServiceProvider.GetRequiredService<IMediaLinks>();
        return (links.Play(file, policy), links.Download(file, policy));
    }
}
