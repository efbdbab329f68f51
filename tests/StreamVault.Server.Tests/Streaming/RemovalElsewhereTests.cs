using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Artwork;
using StreamVault.Catalog;
using StreamVault.Data;
using StreamVault.Server.Hosting;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Streaming;

/// <summary>A removal made by another process (the CLI, another node) reaches the byte path as 410, never as a 500,
/// even while the server still remembers the title's lookup.</summary>
public sealed class RemovalElsewhereTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("65536")]
    public async Task Links_answer_410_at_once_after_another_process_removes_the_title(string? partSize)
    {
        await using var app = await TestApp.StartAsync(s => s["StreamVault:Vaults:LocalMaxPartSize"] = partSize);
        var film = Ingest.MediaOnlyIngestTests.DemoFilm;
        await Ingest.IngestServiceTests.IngestAsync(app, film);
        var url = await StreamEndpointTests.PlayUrlAsync(app);
        using (var before = await app.Client.GetAsync(url))
        {
            // This request puts the lookup in the server's cache.
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await RemoveInAnotherProviderAsync(app, timeout.Token);

        for (var i = 0; i < 5; i++)
        {
            using var after = await app.Client.GetAsync(url, timeout.Token);
            Assert.Equal(HttpStatusCode.Gone, after.StatusCode);
            Assert.Equal("application/problem+json", after.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Links_answer_410_after_the_command_line_removes_the_title()
    {
        await using var app = await TestApp.StartAsync();
        var film = Ingest.MediaOnlyIngestTests.DemoFilm;
        await Ingest.IngestServiceTests.IngestAsync(app, film);
        var url = await StreamEndpointTests.PlayUrlAsync(app);
        var titleId = await TitleIdAsync(app);
        using (var before = await app.Client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var removal = await CliProcess.RunAsync(app.Folder.Path, "remove", titleId);

        Assert.True(removal.ExitCode == 0, removal.Output);
        for (var i = 0; i < 5; i++)
        {
            using var after = await app.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Gone, after.StatusCode);
        }
    }

    /// <summary>A second service provider over the same data folder: its own lookup cache, as another process has.</summary>
    private static async Task RemoveInAnotherProviderAsync(TestApp app, CancellationToken cancellationToken)
    {
        var titleId = await TitleIdAsync(app);
        var settings = new Dictionary<string, string?> { ["StreamVault:DataDirectory"] = app.Folder.Path };
        await using var other = await StreamVaultConfiguration.BuildServicesAsync(settings, s => s.AddCatalog().AddArtwork(), cancellationToken);
        Assert.NotSame(app.Services.GetRequiredService<MediaLookupCache>(), other.GetRequiredService<MediaLookupCache>());
        await using var scope = other.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<TitleRemoval>().RemoveAsync(titleId, "test", "elsewhere", cancellationToken);
        Assert.NotNull(result);
        Assert.Empty(result.Failures);
        Assert.True(result.PartsDeleted > 0);
    }

    private static async Task<string> TitleIdAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Titles.Select(t => t.PublicId).SingleAsync();
    }
}
