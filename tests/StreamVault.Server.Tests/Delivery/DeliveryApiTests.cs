using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Accounts;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Delivery;

public sealed class DeliveryApiTests
{
    [Fact]
    public async Task Guests_get_401_and_viewers_403()
    {
        await using var app = await TestApp.StartAsync();
        using var guest = new HttpClient { BaseAddress = app.Client.BaseAddress };
        await SignInAsync(app, UserRole.Viewer);

        foreach (var (client, status) in new[] { (guest, HttpStatusCode.Unauthorized), (app.Client, HttpStatusCode.Forbidden) })
        {
            using var get = await client.GetAsync("/api/admin/delivery-policy");
            using var put = await client.PutAsJsonAsync("/api/admin/delivery-policy/2160p", new { mode = "download-only" });
            using var mirror = await client.PutAsJsonAsync("/api/admin/media/abc/mirror", new { url = "https://example.com/f" });
            using var clear = await client.DeleteAsync("/api/admin/media/abc/mirror");
            Assert.All(new[] { get, put, mirror, clear }, r => Assert.Equal(status, r.StatusCode));
        }
    }

    [Fact]
    public async Task Policy_round_trips_and_is_audited()
    {
        await using var app = await TestApp.StartAsync();
        await SignInAsync(app, UserRole.Admin);

        Assert.Equal("stream", await ModeAsync(app, "2160p"));
        using (var put = await app.Client.PutAsJsonAsync("/api/admin/delivery-policy/2160p", new { mode = "download-only" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        using (var put = await app.Client.PutAsJsonAsync("/api/admin/delivery-policy/4K", new { mode = "EXTERNAL-LINK" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        Assert.Equal("external-link", await ModeAsync(app, "2160p"));
        Assert.Equal("stream", await ModeAsync(app, "1080p"));
        await using var scope = app.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Audit.Where(a => a.Action == "delivery.policy").OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["download-only", "external-link"], audit.Select(a => a.Detail));
        Assert.All(audit, a => Assert.Equal("2160p", a.Target));
        Assert.All(audit, a => Assert.StartsWith("admin:", a.Actor, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/admin/delivery-policy/9000p", "{\"mode\":\"stream\"}", "Unknown quality")]
    [InlineData("/api/admin/delivery-policy/2160p", "{\"mode\":\"teleport\"}", "Unknown mode")]
    [InlineData("/api/admin/delivery-policy/2160p", "{}", "Unknown mode")]
    [InlineData("/api/admin/delivery-policy/2160p", "{\"mode\": 7}", "Bad Request")]
    [InlineData("/api/admin/media/anything/mirror", "not json", "Bad Request")]
    public async Task Unknown_quality_or_mode_or_a_malformed_body_is_400_problem(string path, string json, string message)
    {
        await using var app = await TestApp.StartAsync();
        await SignInAsync(app, UserRole.Admin);

        using var response = await app.Client.PutAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("/relative/path")]
    [InlineData("ftp://example.com/file")]
    [InlineData("https://user:secret@example.com/file")]
    [InlineData("https://example.com/a b")]
    [InlineData("")]
    [SuppressMessage("Design", "CA1054:URI-like parameters should not be strings", Justification = "Malformed addresses are the test data; most of them would not parse as a Uri.")]
    public async Task Bad_mirror_urls_are_400_and_change_nothing(string url)
    {
        await using var app = await TestApp.StartAsync();
        await SignInAsync(app, UserRole.Admin);
        var mediaId = await IngestFilmAsync(app);

        using var response = await app.Client.PutAsJsonAsync($"/api/admin/media/{mediaId}/mirror", new { url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Null(await MirrorAsync(app, mediaId));
    }

    [Fact]
    public async Task A_too_long_mirror_url_is_400()
    {
        await using var app = await TestApp.StartAsync();
        await SignInAsync(app, UserRole.Admin);
        var mediaId = await IngestFilmAsync(app);

        using var response = await app.Client.PutAsJsonAsync($"/api/admin/media/{mediaId}/mirror", new { url = "https://example.com/" + new string('a', 2000) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Mirror_is_set_cleared_audited_and_unknown_media_is_404()
    {
        await using var app = await TestApp.StartAsync();
        await SignInAsync(app, UserRole.Admin);
        var mediaId = await IngestFilmAsync(app);
        const string url = "https://drive.example.com/file?id=42&dl=1";

        using (var set = await app.Client.PutAsJsonAsync($"/api/admin/media/{mediaId}/mirror", new { url }))
        {
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        }

        Assert.Equal(url, await MirrorAsync(app, mediaId));
        using (var clear = await app.Client.DeleteAsync($"/api/admin/media/{mediaId}/mirror"))
        {
            Assert.Equal(HttpStatusCode.NoContent, clear.StatusCode);
        }

        Assert.Null(await MirrorAsync(app, mediaId));
        using var unknown = await app.Client.PutAsJsonAsync("/api/admin/media/nosuchmedia/mirror", new { url });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);

        await using var scope = app.Services.CreateAsyncScope();
        var actions = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Audit.Where(a => a.Target == mediaId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["media.mirror.set", "media.mirror.clear"], actions);
    }

    internal static async Task SignInAsync(TestApp app, UserRole role)
    {
        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var links = scope.ServiceProvider.GetRequiredService<SignInLinks>();
            if (role == UserRole.Admin)
            {
                token = await links.CreateAdminLinkTokenAsync(CancellationToken.None);
            }
            else
            {
                var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
                var user = new User { PublicId = PublicIds.New(), DisplayName = "Viewer", Role = role, CreatedAt = DateTime.UtcNow };
                db.Users.Add(user);
                await db.SaveChangesAsync();
                token = await links.CreateTokenAsync(user, CancellationToken.None);
            }
        }

        using var response = await app.Client.GetAsync($"/signin/{token}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    internal static async Task<string> IngestFilmAsync(TestApp app, string name = "Mirror.Film.2020.2160p.WEB-DL.mkv")
    {
        await Ingest.IngestServiceTests.IngestAsync(app, app.Folder.WriteRandomFile("in/" + name, 5000, seed: name.Aggregate(17, (h, c) => unchecked((h * 31) + c))));
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.Where(m => m.OriginalName == name).Select(m => m.PublicId).SingleAsync();
    }

    private static async Task<string?> MirrorAsync(TestApp app, string mediaId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.Where(m => m.PublicId == mediaId).Select(m => m.MirrorUrl).SingleAsync();
    }

    private static async Task<string?> ModeAsync(TestApp app, string quality)
    {
        using var document = JsonDocument.Parse(await app.Client.GetStringAsync("/api/admin/delivery-policy"));
        return document.RootElement.GetProperty("policies").EnumerateArray()
            .Single(p => p.GetProperty("quality").GetString() == quality).GetProperty("mode").GetString();
    }
}
