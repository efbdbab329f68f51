using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Catalog;
using StreamVault.Data;
using StreamVault.Delivery.Policy;
using StreamVault.Delivery.Streaming;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Streaming;

public sealed class StreamEndpointTests
{
    [Fact]
    public async Task A_signed_link_streams_exact_ranges_across_parts()
    {
        await using var app = await TestApp.StartAsync(s => s["StreamVault:Vaults:LocalMaxPartSize"] = "100000");
        var path = app.Folder.WriteRandomFile("in/Parted.Film.2020.1080p.mkv", 350_123, seed: 5);
        await Ingest.IngestServiceTests.IngestAsync(app, path);
        var source = await File.ReadAllBytesAsync(path);
        var url = await PlayUrlAsync(app);

        foreach (var (from, to) in new[] { (0L, 0L), (99_990L, 100_010L), (0L, 350_122L), (250_000L, 350_122L), (199_999L, 200_000L) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = new RangeHeaderValue(from, to);
            using var response = await app.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal($"bytes {from}-{to}/350123", response.Content.Headers.ContentRange!.ToString());
            Assert.Equal(source[(int)from..(int)(to + 1)], await response.Content.ReadAsByteArrayAsync());
        }

        using var whole = await app.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("video/x-matroska", whole.Content.Headers.ContentType!.MediaType);
        Assert.Equal(source, await whole.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_tampered_link_is_forbidden_with_a_clear_problem()
    {
        await using var app = await TestApp.StartAsync();
        await Ingest.IngestServiceTests.IngestAsync(app, app.Folder.WriteRandomFile("in/Film.2020.mkv", 1000));
        var url = await PlayUrlAsync(app);
        var signature = url[(url.IndexOf("&s=", StringComparison.Ordinal) + 3)..];
        var flipped = (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

        using var tampered = await app.Client.GetAsync(url.Replace(signature, flipped, StringComparison.Ordinal));
        using var unsigned = await app.Client.GetAsync(url[..url.IndexOf('?', StringComparison.Ordinal)]);
        using var longer = await app.Client.GetAsync(url.Replace("?e=", "?e=9", StringComparison.Ordinal));

        foreach (var response in new[] { tampered, unsigned, longer })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("Open the title page again", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_link_for_playing_does_not_open_the_download_route()
    {
        await using var app = await TestApp.StartAsync();
        await Ingest.IngestServiceTests.IngestAsync(app, app.Folder.WriteRandomFile("in/Film.2020.mkv", 1000));
        var url = await PlayUrlAsync(app);

        using var response = await app.Client.GetAsync(url.Replace("/stream/", "/download/", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_expired_link_is_forbidden()
    {
        await using var app = await TestApp.StartAsync(s => s["StreamVault:Delivery:LinkLifetime"] = "00:10:00");
        await Ingest.IngestServiceTests.IngestAsync(app, app.Folder.WriteRandomFile("in/Film.2020.mkv", 1000));
        var url = await PlayUrlAsync(app);
        using (var fresh = await app.Client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        app.Time.Advance(TimeSpan.FromMinutes(11));
        using var expired = await app.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_names_the_file_and_a_removed_title_is_gone()
    {
        await using var app = await TestApp.StartAsync();
        await Ingest.IngestServiceTests.IngestAsync(app, app.Folder.WriteRandomFile("in/Café \"Noir\" 2020.mkv", 4096));
        string downloadUrl;
        string titleId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var file = await db.MediaFiles.Include(m => m.Title).SingleAsync();
            downloadUrl = scope.ServiceProvider.GetRequiredService<IMediaLinks>().Download(file, DeliveryPolicy.Default)!;
            titleId = file.Title!.PublicId;
        }

        using (var download = await app.Client.GetAsync(downloadUrl))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            var disposition = download.Content.Headers.ContentDisposition!;
            Assert.Equal("attachment", disposition.DispositionType);
            Assert.Equal("Café \"Noir\" 2020.mkv", disposition.FileNameStar);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var removal = await scope.ServiceProvider.GetRequiredService<TitleRemoval>().RemoveAsync(titleId, "test", "takedown request", CancellationToken.None);
            Assert.NotNull(removal);
            Assert.Empty(removal.Failures);
            Assert.Equal(1, removal.PartsDeleted);
        }

        using var gone = await app.Client.GetAsync(downloadUrl);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Empty(Directory.EnumerateFiles(app.Folder.Combine("vault"), "*", SearchOption.AllDirectories));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var audit = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Audit.SingleAsync();
            Assert.Equal("title.remove", audit.Action);
            Assert.Equal(titleId, audit.Target);
        }
    }

    [Fact]
    public async Task Unknown_media_is_not_found()
    {
        await using var app = await TestApp.StartAsync();
        var signer = app.Services.GetRequiredService<LinkSigner>();
        var (expires, signature) = signer.Sign(LinkPurpose.Play, "nosuchid", TimeSpan.FromHours(1));

        using var response = await app.Client.GetAsync($"/stream/nosuchid/x.mkv?e={expires}&s={signature}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_etag_carries_no_database_id_is_stable_and_changes_with_the_content_version()
    {
        await using var app = await TestApp.StartAsync();
        await Ingest.IngestServiceTests.IngestAsync(app, app.Folder.WriteRandomFile("in/Tagged.Film.2020.mkv", 1000));
        var url = await PlayUrlAsync(app);
        long id;
        string publicId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var file = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.SingleAsync();
            (id, publicId) = (file.Id, file.PublicId);
        }

        var first = await ETagAsync(app, url);
        var again = await ETagAsync(app, url);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            await db.MediaFiles.ExecuteUpdateAsync(m => m.SetProperty(f => f.ContentVersion, f => f.ContentVersion + 1));
            scope.ServiceProvider.GetRequiredService<MediaLookupCache>().Forget(publicId);
        }

        var changed = await ETagAsync(app, url);

        Assert.Equal(first, again);
        Assert.NotEqual(first, changed);
        // The old shape was "sv<db id>-<version>-<size>": no number from the database may show.
        Assert.DoesNotContain($"sv{id:x}-", first, StringComparison.Ordinal);
        Assert.DoesNotMatch("^\"sv[0-9a-f]+-[0-9a-f]+-[0-9a-f]+\"$", first);
        Assert.Matches("^\"[A-Za-z0-9_-]{16,}\"$", first);
    }

    private static async Task<string> ETagAsync(TestApp app, string url)
    {
        using var response = await app.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.Tag;
    }

    internal static async Task<string> PlayUrlAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var file = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.SingleAsync();
        return scope.ServiceProvider.GetRequiredService<IMediaLinks>().Play(file, DeliveryPolicy.Default)!;
    }
}
