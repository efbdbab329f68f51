using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Catalog;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Delivery.Policy;
using StreamVault.Delivery.Streaming;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Catalog;

/// <summary>The kill switch: after it returns, no layer — routes, slice cache, artwork, vault, nginx's cache in front —
/// serves a byte of the title.</summary>
public sealed class TakedownTests
{
    private sealed record Urls(string TitleId, string MediaId, IReadOnlyList<string> All);

    private static async Task<Urls> UrlsAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var file = await db.MediaFiles.Include(m => m.Title).Include(m => m.Subtitles).SingleAsync();
        var links = scope.ServiceProvider.GetRequiredService<IMediaLinks>();
        return new Urls(file.Title!.PublicId, file.PublicId,
        [
            $"/title/{file.Title.PublicId}/{file.Title.Slug}",
            $"/art/{file.Title.PublicId}/poster.jpg",
            $"/art/media/{file.PublicId}/thumbs.vtt",
            $"/art/media/{file.PublicId}/thumbs.jpg",
            links.Play(file, DeliveryPolicy.Default)!,
            links.Download(file, DeliveryPolicy.Default)!,
            links.Subtitle(file.Subtitles.Single()),
        ]);
    }

    private static IEnumerable<string> NginxEntries(string cache) =>
        Directory.Exists(cache) ? Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f).Length == 32) : [];

    [Theory]
    [InlineData("local")]
    [InlineData("simulated-telegram")]
    public async Task After_a_takedown_no_layer_serves_a_byte_of_the_title(string vault)
    {
        using var edge = new TempFolder();
        var nginxCache = edge.Combine("nginx-cache");
        await using var app = await TestApp.StartAsync(
            s =>
            {
                s["StreamVault:Vaults:Default"] = vault;
                s["StreamVault:SimulatedTelegram:LatencyMin"] = "00:00:00.001";
                s["StreamVault:SimulatedTelegram:LatencyMax"] = "00:00:00.002";
                s["StreamVault:Takedown:NginxCacheDirectory"] = nginxCache;
            },
            fakeTime: false);
        var film = Ingest.MediaOnlyIngestTests.DemoFilm;
        await Ingest.IngestServiceTests.IngestAsync(app, film);
        var urls = await UrlsAsync(app);
        using var nginx = await NginxCachingProxy.StartAsync(app.Client.BaseAddress!, nginxCache);
        using var viaNginx = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = nginx.BaseAddress };
        foreach (var url in urls.All)
        {
            using var response = await viaNginx.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode} {nginx.ErrorLog()}");
        }

        // nginx renames an entry into place once the upstream response is complete, a moment after the client has it.
        Assert.True(SpinWait.SpinUntil(() => NginxEntries(nginxCache).Count() == urls.All.Count, TimeSpan.FromSeconds(30)), $"{NginxEntries(nginxCache).Count()} nginx entries");
        var slices = app.Folder.Combine("cache");
        if (vault != "local")
        {
            Assert.True(SpinWait.SpinUntil(() => Directory.EnumerateFiles(slices, "*.slice", SearchOption.AllDirectories).Any(), TimeSpan.FromSeconds(30)));
        }

        Assert.NotEmpty(Directory.EnumerateFiles(app.Folder.Combine("artwork"), "*", SearchOption.AllDirectories));

        await Delivery.DeliveryApiTests.SignInAsync(app, UserRole.Admin);
        using var takedown = await app.Client.PostAsJsonAsync("/api/admin/takedown", new { target = new Uri(app.Client.BaseAddress!, urls.All[0]).ToString(), reason = "DMCA notice 42" });
        Assert.Equal(HttpStatusCode.OK, takedown.StatusCode);
        using var report = JsonDocument.Parse(await takedown.Content.ReadAsStringAsync());
        var layers = report.RootElement.GetProperty("layers").EnumerateArray().ToDictionary(l => l.GetProperty("layer").GetString()!, l => (Items: l.GetProperty("items").GetInt32(), Bytes: l.GetProperty("bytes").GetInt64(), Failures: l.GetProperty("failures").GetArrayLength()));
        Assert.All(layers, l => Assert.Equal(0, l.Value.Failures));
        Assert.Equal(1, layers["catalogue"].Items);
        Assert.Equal(urls.All.Count, layers["nginx cache"].Items);
        Assert.True(layers["artwork"].Items >= 3, $"{layers["artwork"].Items} artwork files");
        Assert.True(layers["source"].Items >= 2 && layers["source"].Bytes > new FileInfo(film).Length, $"{layers["source"]}");
        Assert.True(vault == "local" || layers["slice cache"].Items > 0, "slices purged");
        Assert.True(report.RootElement.GetProperty("sourceDeleted").GetBoolean());

        foreach (var client in new[] { app.Client, viaNginx })
        {
            foreach (var url in urls.All)
            {
                using var response = await client.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.Gone, $"{client.BaseAddress}{url}: {response.StatusCode}");
            }
        }

        Assert.Empty(NginxEntries(nginxCache));
        Assert.Empty(Directory.Exists(slices) ? Directory.EnumerateFiles(slices, "*.slice", SearchOption.AllDirectories) : []);
        Assert.Empty(Directory.EnumerateFiles(app.Folder.Combine("artwork"), "*", SearchOption.AllDirectories));
        // Not a byte of it anywhere: no file in the data folder (vaults, caches, artwork) or nginx's cache holds any of its
        // first, middle or last KiB.
        var bytes = await File.ReadAllBytesAsync(film);
        byte[][] needles = [bytes[..1024], bytes[(bytes.Length / 2)..((bytes.Length / 2) + 1024)], bytes[^1024..]];
        foreach (var path in Directory.EnumerateFiles(app.Folder.Path, "*", SearchOption.AllDirectories).Concat(Directory.EnumerateFiles(edge.Path, "*", SearchOption.AllDirectories)))
        {
            var content = await File.ReadAllBytesAsync(path);
            Assert.All(needles, needle => Assert.True(content.AsSpan().IndexOf(needle) < 0, $"{path} holds bytes of the title"));
        }

        await using var scope = app.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Audit.SingleAsync(a => a.Target == urls.TitleId);
        Assert.StartsWith("admin:", audit.Actor, StringComparison.Ordinal);
        Assert.Contains("DMCA notice 42", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_DeleteSource_off_the_source_is_hidden_not_deleted()
    {
        await using var app = await TestApp.StartAsync(s => s["StreamVault:Takedown:DeleteSource"] = "false");
        await Ingest.IngestServiceTests.IngestAsync(app, Ingest.MediaOnlyIngestTests.DemoFilm);
        var urls = await UrlsAsync(app);
        var vaultFiles = Directory.EnumerateFiles(app.Folder.Combine("vault"), "*", SearchOption.AllDirectories).Count();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<TitleRemoval>().TakedownAsync(urls.TitleId, "test", "counter-notice pending", CancellationToken.None);
            Assert.NotNull(outcome.Report);
            Assert.False(outcome.Report.SourceDeleted);
            Assert.Empty(outcome.Report.Failures);
        }

        Assert.Equal(vaultFiles, Directory.EnumerateFiles(app.Folder.Combine("vault"), "*", SearchOption.AllDirectories).Count());
        foreach (var url in urls.All)
        {
            using var response = await app.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        }
    }

    [Fact]
    public async Task An_ambiguous_name_lists_the_candidates_and_removes_nothing()
    {
        await using var app = await TestApp.StartAsync();
        await Ingest.IngestServiceTests.IngestAsync(app, app.Folder.WriteRandomFile("in/Twin.Film.2001.1080p.mkv", 4000, seed: 1));
        await Ingest.IngestServiceTests.IngestAsync(app, app.Folder.WriteRandomFile("in/Twin.Film.2019.1080p.mkv", 4000, seed: 2));
        await using var scope = app.Services.CreateAsyncScope();
        var removal = scope.ServiceProvider.GetRequiredService<TitleRemoval>();

        var outcome = await removal.TakedownAsync("twin film", "test", "dmca", CancellationToken.None);

        Assert.Null(outcome.Report);
        Assert.Contains("2 titles", outcome.Problem, StringComparison.Ordinal);
        Assert.Equal([2001, 2019], outcome.Candidates.Select(c => c.Year));
        Assert.False(await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Titles.AnyAsync(t => t.RemovedAt != null));
        var unknown = await removal.TakedownAsync("No Such Film", "test", "dmca", CancellationToken.None);
        Assert.Null(unknown.Report);
        Assert.Empty(unknown.Candidates);
    }

    [Fact]
    public async Task The_command_line_prints_each_layer_and_a_rerun_retries()
    {
        await using var app = await TestApp.StartAsync();
        await Ingest.IngestServiceTests.IngestAsync(app, Ingest.MediaOnlyIngestTests.DemoFilm);
        var urls = await UrlsAsync(app);

        var first = await CliProcess.RunAsync(app.Folder.Path, "takedown", urls.All[4], "--reason", "DMCA 7");
        var again = await CliProcess.RunAsync(app.Folder.Path, "takedown", urls.TitleId, "--reason", "DMCA 7");
        var unknown = await CliProcess.RunAsync(app.Folder.Path, "takedown", "Nothing Like It", "--reason", "DMCA 7");

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("410 Gone", first.Output, StringComparison.Ordinal);
        foreach (var layer in new[] { "catalogue", "slice cache", "artwork", "nginx cache", "other nodes", "source" })
        {
            Assert.Contains(layer, first.Output, StringComparison.Ordinal);
        }

        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no title is named", unknown.Output, StringComparison.Ordinal);
        using var response = await app.Client.GetAsync(urls.All[4]);
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
    }
}
