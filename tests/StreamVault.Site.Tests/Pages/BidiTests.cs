using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Data;
using StreamVault.Site.Tests.Infrastructure;

namespace StreamVault.Site.Tests.Pages;

/// <summary>A right-to-left override in a release name would turn the rest of a line around ("Film\u202Eevil.exe"
/// reads as "Filmexe.live"); pages show names without such controls.</summary>
public sealed class BidiTests
{
    private const string Override = "\u202e";

    [Fact]
    public async Task Bidi_controls_in_a_name_never_reach_a_page()
    {
        await using var site = await SiteApp.StartAsync();
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            await db.Titles.Where(t => t.PublicId == site.Catalog.MovieId)
                .ExecuteUpdateAsync(t => t.SetProperty(x => x.Name, "Aurora" + Override + "tfird\u2066 Sea\u2069"));
        }

        foreach (var path in new[] { "/", $"/title/{site.Catalog.MovieId}", $"/watch/{site.Catalog.Movie720FileId}", "/search?q=aurora", "/browse" })
        {
            var body = await site.Client.GetStringAsync(path);
            Assert.DoesNotContain(Override, body, StringComparison.Ordinal);
            Assert.DoesNotContain("\u2066", body, StringComparison.Ordinal);
            Assert.DoesNotContain("&#x202E;", body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Auroratfird Sea", body, StringComparison.Ordinal);
        }
    }
}
