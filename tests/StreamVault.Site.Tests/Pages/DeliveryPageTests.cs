using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Data;
using StreamVault.Delivery.Policy;
using StreamVault.Site.Tests.Infrastructure;

namespace StreamVault.Site.Tests.Pages;

/// <summary>Pages under a delivery policy. A server of its own: these tests change the policy the others rely on.</summary>
public sealed class DeliveryPageTests(SiteAppFixture fixture) : IClassFixture<SiteAppFixture>
{
    private SiteApp Site => fixture.Site;

    private SeededCatalog Seeded => fixture.Site.Catalog;

    [Fact]
    public async Task Title_page_offers_play_download_and_mirror_per_policy()
    {
        const string mirror = "https://drive.example.com/f?id=1&x=2";
        try
        {
            await SetAsync("720p", "download-only");
            var downloadOnly = await PageAsync($"/title/{Seeded.MovieId}");
            Assert.DoesNotContain("aria-label=\"Play 720p\"", downloadOnly, StringComparison.Ordinal);
            Assert.Contains("aria-label=\"Play 480p\"", downloadOnly, StringComparison.Ordinal);
            Assert.Contains($"/download/{Seeded.Movie720FileId}/", downloadOnly, StringComparison.Ordinal);
            Assert.Contains($"/download/{Seeded.Movie480FileId}/", downloadOnly, StringComparison.Ordinal);
            Assert.DoesNotContain($"/stream/{Seeded.Movie720FileId}/", downloadOnly, StringComparison.Ordinal);
            Assert.Contains($"/stream/{Seeded.Movie480FileId}/", downloadOnly, StringComparison.Ordinal);
            Assert.DoesNotContain("Open mirror", downloadOnly, StringComparison.Ordinal);

            // External link without a mirror set: still download-only.
            await SetAsync("720p", "external-link");
            Assert.Contains($"/download/{Seeded.Movie720FileId}/", await PageAsync($"/title/{Seeded.MovieId}"), StringComparison.Ordinal);

            await ChangeAsync(admin => admin.SetMirrorAsync(Seeded.Movie720FileId, mirror, "test", CancellationToken.None));
            var external = await PageAsync($"/title/{Seeded.MovieId}");
            Assert.Contains("href=\"https://drive.example.com/f?id=1&amp;x=2\" target=\"_blank\" rel=\"noopener noreferrer nofollow\"", external, StringComparison.Ordinal);
            Assert.Contains("Open mirror <span class=\"badge badge-external\"", external, StringComparison.Ordinal);
            Assert.DoesNotContain($"/download/{Seeded.Movie720FileId}/", external, StringComparison.Ordinal);
            Assert.DoesNotContain($"/stream/{Seeded.Movie720FileId}/", external, StringComparison.Ordinal);
            Assert.Contains("aria-label=\"Play 480p\"", external, StringComparison.Ordinal);
        }
        finally
        {
            await SetAsync("720p", "stream");
            await ChangeAsync(admin => admin.ClearMirrorAsync(Seeded.Movie720FileId, "test", CancellationToken.None));
        }
    }

    [Fact]
    public async Task Watch_page_plays_the_best_streamable_quality_or_explains_and_offers_downloads()
    {
        var uhdFileId = await UhdFileIdAsync();
        try
        {
            await SetAsync("2160p", "download-only");
            await SetAsync("720p", "download-only");

            using var uhd = await Site.Client.GetAsync($"/watch/{uhdFileId}");
            var uhdBody = await uhd.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, uhd.StatusCode);
            Assert.Contains("Not offered for streaming", uhdBody, StringComparison.Ordinal);
            Assert.DoesNotContain("<video", uhdBody, StringComparison.Ordinal);
            Assert.DoesNotContain("/stream/", uhdBody, StringComparison.Ordinal);
            Assert.Contains($"/download/{uhdFileId}/", uhdBody, StringComparison.Ordinal);

            var movie = await PageAsync($"/watch/{Seeded.Movie720FileId}");
            Assert.Contains("<video", movie, StringComparison.Ordinal);
            Assert.Contains($"/stream/{Seeded.Movie480FileId}/", movie, StringComparison.Ordinal);
            Assert.DoesNotContain($"/stream/{Seeded.Movie720FileId}/", movie, StringComparison.Ordinal);
            Assert.Contains("data-quality=\"480\"", movie, StringComparison.Ordinal);
        }
        finally
        {
            await SetAsync("2160p", "stream");
            await SetAsync("720p", "stream");
        }
    }

    private async Task<string> PageAsync(string path)
    {
        using var response = await Site.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private Task SetAsync(string quality, string mode) => ChangeAsync(admin => admin.SetPolicyAsync(quality, mode, "test", CancellationToken.None));

    private async Task ChangeAsync(Func<DeliveryAdmin, Task<ChangeResult>> change)
    {
        await using var scope = Site.App.Services.CreateAsyncScope();
        var result = await change(scope.ServiceProvider.GetRequiredService<DeliveryAdmin>());
        Assert.Equal(ChangeOutcome.Done, result.Outcome);
    }

    private async Task<string> UhdFileIdAsync()
    {
        await using var scope = Site.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles
            .Where(m => m.Title!.PublicId == Seeded.UhdTitleId).Select(m => m.PublicId).SingleAsync();
    }
}
