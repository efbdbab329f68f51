using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Catalog;
using StreamVault.Data;
using StreamVault.Delivery.Policy;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Delivery;

/// <summary>GET /api/links/play/{mediaId}: the player's way back after its link expired.</summary>
public sealed class FreshLinkTests
{
    [Fact]
    public async Task A_fresh_link_plays_after_the_old_one_expired()
    {
        await using var app = await TestApp.StartAsync(s => s["StreamVault:Delivery:LinkLifetime"] = "00:01:00");
        var mediaId = await DeliveryApiTests.IngestFilmAsync(app, "Fresh.Film.2020.1080p.WEB-DL.mkv");
        var old = await FreshAsync(app, mediaId);
        app.Time.Advance(TimeSpan.FromMinutes(2));
        using (var expired = await app.Client.GetAsync(old.Stream))
        {
            Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        }

        var fresh = await FreshAsync(app, mediaId);
        using var response = await app.Client.GetAsync(fresh.Stream);

        Assert.NotEqual(old.Stream, fresh.Stream);
        Assert.StartsWith($"/stream/{mediaId}/", fresh.Stream, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5000, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task A_removed_title_is_410_a_download_only_quality_403_and_an_unknown_id_404()
    {
        await using var app = await TestApp.StartAsync();
        var removed = await DeliveryApiTests.IngestFilmAsync(app, "Gone.Film.2020.1080p.WEB-DL.mkv");
        var downloadOnly = await DeliveryApiTests.IngestFilmAsync(app, "Big.Film.2021.2160p.WEB-DL.mkv");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var titleId = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.Where(m => m.PublicId == removed).Select(m => m.Title!.PublicId).SingleAsync();
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<TitleRemoval>().RemoveAsync(titleId, "test", "test", CancellationToken.None));
            await scope.ServiceProvider.GetRequiredService<DeliveryAdmin>().SetPolicyAsync("2160p", "download-only", "test", CancellationToken.None);
        }

        using var gone = await app.Client.GetAsync($"/api/links/play/{removed}");
        using var forbidden = await app.Client.GetAsync($"/api/links/play/{downloadOnly}");
        using var unknown = await app.Client.GetAsync("/api/links/play/nosuchmedia1");

        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (var response in new[] { gone, forbidden, unknown })
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    private static async Task<(string Stream, JsonElement Subtitles)> FreshAsync(TestApp app, string mediaId)
    {
        using var response = await app.Client.GetAsync($"/api/links/play/{mediaId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("stream").GetString()!, json.RootElement.GetProperty("subtitles").Clone());
    }
}
