using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Catalog.Jobs;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Catalog.Leech;

/// <summary>Leech end to end: the admin endpoint starts a job that downloads from a loopback server (opened by the
/// allow-list), unpacks, checks with ffprobe and ingests into the vault; the result streams.</summary>
public sealed class LeechJobTests
{
    private static Task<TestApp> StartAsync() => TestApp.StartAsync(s => s["StreamVault:Leech:AllowedNetworks:0"] = "127.0.0.1/32");

    private static async Task<JobSnapshot> LeechAsync(TestApp app, Uri url)
    {
        using var response = await app.Client.PostAsJsonAsync("/api/admin/leech", new { url = url.ToString() });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("id").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return (await app.Services.GetRequiredService<IOperatorJobs>().WaitAsync(id, timeout.Token))!;
    }

    [Fact]
    public async Task A_zip_of_a_video_and_its_subtitles_is_ingested_and_streams()
    {
        await using var app = await StartAsync();
        await Delivery.DeliveryApiTests.SignInAsync(app, UserRole.Admin);
        var film = Ingest.MediaOnlyIngestTests.DemoFilm;
        var zipped = new MemoryStream();
        using (var zip = new ZipArchive(zipped, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntryFromFile(film, "pack/" + Path.GetFileName(film), CompressionLevel.Optimal);
            zip.CreateEntryFromFile(Path.ChangeExtension(film, ".en.srt"), "pack/" + Path.GetFileNameWithoutExtension(film) + ".en.srt");
        }

        await using var server = new RawHttpServer((_, _) => RawResponse.Ok(zipped.ToArray()));
        var job = await LeechAsync(app, server.Url("/dl?id=7"));

        Assert.True(job.State == JobState.Succeeded, job.Status);
        Assert.Contains("1 added", job.Status, StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var file = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.Include(m => m.Subtitles).SingleAsync();
            Assert.Equal(Path.GetFileName(film), file.OriginalName);
            Assert.Single(file.Subtitles);
        }

        using var stream = await app.Client.GetAsync(await Streaming.StreamEndpointTests.PlayUrlAsync(app));
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(film), await stream.Content.ReadAsByteArrayAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(app.Folder.Combine("leech")));
    }

    [Fact]
    public async Task A_7z_of_a_video_is_ingested_and_streams_byte_exact()
    {
        await using var app = await StartAsync();
        await Delivery.DeliveryApiTests.SignInAsync(app, UserRole.Admin);
        var film = Ingest.MediaOnlyIngestTests.DemoFilm;
        var source = app.Folder.Combine("src");
        Directory.CreateDirectory(Path.Combine(source, "pack"));
        File.Copy(film, Path.Combine(source, "pack", Path.GetFileName(film)));
        RarAndSevenZipTests.SevenZip(source, "a", "-bso0", "-bsp0", app.Folder.Combine("pack.7z"), "pack");

        await using var server = new RawHttpServer((_, _) => RawResponse.Ok(File.ReadAllBytes(app.Folder.Combine("pack.7z"))));
        var job = await LeechAsync(app, server.Url("/pack.7z"));

        Assert.True(job.State == JobState.Succeeded, job.Status);
        Assert.Contains("1 added", job.Status, StringComparison.Ordinal);
        using var stream = await app.Client.GetAsync(await Streaming.StreamEndpointTests.PlayUrlAsync(app));
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(film), await stream.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_file_that_is_not_media_is_refused_and_nothing_is_added()
    {
        await using var app = await StartAsync();
        await Delivery.DeliveryApiTests.SignInAsync(app, UserRole.Admin);
        var junk = new byte[50_000];
        new Random(3).NextBytes(junk);
        await using var server = new RawHttpServer((_, _) => RawResponse.Ok(junk));

        var job = await LeechAsync(app, server.Url("/Fake.Film.2021.1080p.mkv"));

        Assert.Equal(JobState.Failed, job.State);
        Assert.Contains("not media", job.Status, StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.AnyAsync());
    }

    [Fact]
    public async Task The_endpoint_is_for_admins_and_refuses_bad_links_with_a_problem()
    {
        await using var app = await StartAsync();
        using (var anonymous = await app.Client.PostAsJsonAsync("/api/admin/leech", new { url = "https://example.com/f.mkv" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        await Delivery.DeliveryApiTests.SignInAsync(app, UserRole.Admin);
        using var bad = await app.Client.PostAsJsonAsync("/api/admin/leech", new { url = "file:///etc/passwd" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }
}
