using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Catalog.Jobs;
using StreamVault.Data;
using StreamVault.Site.Tests.Infrastructure;

namespace StreamVault.Site.Tests.Dashboard;

/// <summary>The admin dashboard over HTTP against the real server. A server of its own: these tests edit and take
/// down titles and change the delivery policy.</summary>
public sealed class DashboardPageTests(SiteAppFixture fixture) : IClassFixture<SiteAppFixture>
{
    private SiteApp Site => fixture.Site;

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/titles")]
    [InlineData("/admin/jobs")]
    [InlineData("/admin/swarm")]
    [InlineData("/admin/delivery")]
    [InlineData("/admin/audit")]
    [InlineData("/admin/sessions")]
    public async Task Guests_are_sent_to_sign_in_and_viewers_are_refused(string path)
    {
        using var guest = SiteVisitor.Anonymous(Site);
        using (var response = await guest.Client.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        using var viewer = await SiteVisitor.ViewerAsync(Site, "Plain Viewer");
        using (var response = await viewer.Client.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            var denied = await viewer.GetPageAsync(response.Headers.Location!.PathAndQuery, HttpStatusCode.Forbidden);
            Assert.Contains("Not for this account", denied, StringComparison.Ordinal);
        }

        // A viewer's form post is refused before it reaches a use case.
        using var post = await viewer.Client.PostAsync("/admin/delivery", new FormUrlEncodedContent([new("quality", "720p"), new("mode", "download-only")]));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("stream", await ModeAsync("720p"));
    }

    [Fact]
    public async Task Overview_shows_the_catalogue_and_the_nav_links_to_it_for_admins_only()
    {
        using var admin = await SiteVisitor.AdminAsync(Site);
        var overview = await admin.GetPageAsync("/admin");
        Assert.Contains("<h1>Dashboard</h1>", overview, StringComparison.Ordinal);
        Assert.Matches(@"<span class=""stat-value"">\d+</span><span class=""stat-label"">titles \(\d+ taken down\)", overview);
        Assert.Matches(@"<span class=""stat-value"">\d+</span><span class=""stat-label"">viewers now", overview);

        Assert.Contains("href=\"/admin\"", await admin.GetPageAsync("/"), StringComparison.Ordinal);
        using var viewer = await SiteVisitor.ViewerAsync(Site, "Nav Viewer");
        Assert.DoesNotContain("href=\"/admin\"", await viewer.GetPageAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Titles_are_searchable_by_name_or_id_and_names_are_escaped()
    {
        using var admin = await SiteVisitor.AdminAsync(Site);
        var found = await admin.GetPageAsync("/admin/titles?q=aurora");
        Assert.Contains($"href=\"/admin/titles/{Site.Catalog.MovieId}\">{SiteSeed.MovieName}</a>", found, StringComparison.Ordinal);
        Assert.DoesNotContain(SiteSeed.SeriesName, found, StringComparison.Ordinal);
        Assert.Contains("1 title<", found, StringComparison.Ordinal);

        var byId = await admin.GetPageAsync($"/admin/titles?q={Site.Catalog.SeriesId}");
        Assert.Contains(SiteSeed.SeriesName, byId, StringComparison.Ordinal);

        // Taken-down titles are listed too (the public site hides them), and can be filtered.
        var removed = await admin.GetPageAsync("/admin/titles?state=removed");
        Assert.Contains(SiteSeed.RemovedName, removed, StringComparison.Ordinal);
        Assert.DoesNotContain(SiteSeed.MovieName, removed, StringComparison.Ordinal);

        var script = await admin.GetPageAsync("/admin/titles?q=script");
        Assert.DoesNotContain(SiteSeed.ScriptName, script, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_a_title_saves_and_audits_and_bad_input_keeps_what_was_typed()
    {
        var id = await FillerIdAsync(1);
        var page = $"/admin/titles/{id}";
        using var admin = await SiteVisitor.AdminAsync(Site);

        using (var bad = await admin.PostFormAsync(page, page, [new("name", "Renamed Filler"), new("year", "20x5"), new("overview", "kept")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var body = await bad.Content.ReadAsStringAsync();
            Assert.Contains("A year is a number from", body, StringComparison.Ordinal);
            Assert.Contains("value=\"Renamed Filler\"", body, StringComparison.Ordinal);
            Assert.Contains("value=\"20x5\"", body, StringComparison.Ordinal);
        }

        using (var saved = await admin.PostFormAsync(page, page, [new("name", "Renamed Filler"), new("year", "1999"), new("overview", "A new overview.")]))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            Assert.Contains("Saved: name", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var title = await db.Titles.AsNoTracking().SingleAsync(t => t.PublicId == id);
        Assert.Equal(("Renamed Filler", 1999, "A new overview.", "renamed-filler-1999"), (title.Name, title.Year, title.Overview, title.Slug));
        var audit = await db.Audit.AsNoTracking().Where(a => a.Action == "title.edit" && a.Target == id).SingleAsync();
        Assert.StartsWith("admin:", audit.Actor, StringComparison.Ordinal);

        // The public site and its search follow the new name.
        Assert.Contains("Renamed Filler", await admin.GetPageAsync("/search?q=renamed"), StringComparison.Ordinal);
        Assert.Contains("Renamed Filler", await admin.GetPageAsync("/admin/audit?q=renamed"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_changes_nothing()
    {
        var id = await FillerIdAsync(2);
        using var admin = await SiteVisitor.AdminAsync(Site);
        using var response = await admin.Client.PostAsync($"/admin/titles/{id}/takedown", new FormUrlEncodedContent([new("reason", "forged"), new("confirm", "yes")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("did not come from a page of this dashboard", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = Site.Services.CreateAsyncScope();
        Assert.Null((await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Titles.AsNoTracking().SingleAsync(t => t.PublicId == id)).RemovedAt);
    }

    [Fact]
    public async Task Takedown_needs_a_reason_and_confirmation_then_reports_every_layer_and_the_title_is_gone()
    {
        var id = await FillerIdAsync(3);
        var page = $"/admin/titles/{id}";
        using var admin = await SiteVisitor.AdminAsync(Site);

        using (var unconfirmed = await admin.PostFormAsync(page, page + "/takedown", [new("reason", "DMCA 42")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
            Assert.Contains("Tick the box to confirm", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var done = await admin.PostFormAsync(page, page + "/takedown", [new("reason", "DMCA 42"), new("confirm", "yes")]))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            var report = await done.Content.ReadAsStringAsync();
            Assert.Contains("Taken down:", report, StringComparison.Ordinal);
            Assert.Contains("<td>catalogue</td>", report, StringComparison.Ordinal);
            Assert.Contains("<td>slice cache</td>", report, StringComparison.Ordinal);
            Assert.Contains("Every layer is empty of this title.", report, StringComparison.Ordinal);
        }

        using var guest = SiteVisitor.Anonymous(Site);
        await guest.GetPageAsync($"/title/{id}", HttpStatusCode.Gone);
        var edit = await admin.GetPageAsync(page);
        Assert.Contains("Taken down", edit, StringComparison.Ordinal);
        Assert.Contains("DMCA 42", edit, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"reason\"", edit, StringComparison.Ordinal);
        Assert.Contains("title.remove", await admin.GetPageAsync("/admin/audit?q=DMCA%2042"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_refuse_bad_input_with_the_use_cases_message()
    {
        using var admin = await SiteVisitor.AdminAsync(Site);
        // The address is checked where the download connects (so a name cannot resolve to a private address later):
        // the job starts, and fails with the refusal.
        using (var leech = await admin.PostFormAsync("/admin/jobs", "/admin/jobs/leech", [new("url", "http://127.0.0.1:9/secret.mkv")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, leech.StatusCode);
            var jobPath = leech.Headers.Location!.OriginalString;
            var job = await Site.Services.GetRequiredService<IOperatorJobs>().WaitAsync(jobPath[(jobPath.LastIndexOf('/') + 1)..], CancellationToken.None);
            Assert.Equal(JobState.Failed, job!.State);
            Assert.Contains("loopback", job.Status, StringComparison.Ordinal);
            Assert.Contains("Failed", await admin.GetPageAsync(jobPath), StringComparison.Ordinal);
        }

        using (var notUrl = await admin.PostFormAsync("/admin/jobs", "/admin/jobs/leech", [new("url", "ftp://example.com/x.mkv")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notUrl.StatusCode);
            var body = await notUrl.Content.ReadAsStringAsync();
            Assert.Contains("notice-error", body, StringComparison.Ordinal);
            Assert.Contains("value=\"ftp://example.com/x.mkv\"", body, StringComparison.Ordinal);
        }

        using (var import = await admin.PostFormAsync("/admin/jobs", "/admin/jobs/import", [new("channel", "not a channel!"), new("from", "")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
            Assert.Contains("notice-error", await import.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var from = await admin.PostFormAsync("/admin/jobs", "/admin/jobs/import", [new("channel", "@films"), new("from", "-3")]);
        Assert.Equal(HttpStatusCode.BadRequest, from.StatusCode);
        Assert.Contains("from-id must be a message id of 1 or more.", await from.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_page_shows_progress_as_json_for_its_script_and_can_cancel_it()
    {
        var jobs = Site.Services.GetRequiredService<IOperatorJobs>();
        var started = new TaskCompletionSource();
        var job = jobs.Start("test", "a slow test job", "test", async progress =>
        {
            progress.Report("halfway there", 0.5);
            started.SetResult();
            await Task.Delay(Timeout.Infinite, progress.Cancellation);
            return "never";
        });
        await started.Task;

        using var admin = await SiteVisitor.AdminAsync(Site);
        var page = await admin.GetPageAsync($"/admin/jobs/{job.Id}");
        Assert.Contains($"data-job-progress=\"/admin/jobs/{job.Id}/progress\"", page, StringComparison.Ordinal);
        Assert.Contains("halfway there", page, StringComparison.Ordinal);
        Assert.Contains("value=\"0.5\"", page, StringComparison.Ordinal);

        using (var json = JsonDocument.Parse(await admin.GetPageAsync($"/admin/jobs/{job.Id}/progress")))
        {
            Assert.Equal("Running", json.RootElement.GetProperty("state").GetString());
            Assert.Equal(0.5, json.RootElement.GetProperty("fraction").GetDouble());
            Assert.False(json.RootElement.GetProperty("finished").GetBoolean());
        }

        using (var cancel = await admin.PostFormAsync($"/admin/jobs/{job.Id}", $"/admin/jobs/{job.Id}/cancel", []))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
            Assert.Contains("Asked the job to stop", await cancel.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(JobState.Cancelled, (await jobs.WaitAsync(job.Id, CancellationToken.None))!.State);
        Assert.Contains("a slow test job", await admin.GetPageAsync("/admin/jobs"), StringComparison.Ordinal);
        await admin.GetPageAsync("/admin/jobs/no-such-job", HttpStatusCode.NotFound);
        using var missing = await admin.Client.GetAsync("/admin/jobs/no-such-job/progress");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Delivery_policy_changes_through_the_form_and_bad_modes_are_refused()
    {
        using var admin = await SiteVisitor.AdminAsync(Site);
        try
        {
            using (var bad = await admin.PostFormAsync("/admin/delivery", "/admin/delivery", [new("quality", "720p"), new("mode", "teleport")]))
            {
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            }

            using (var set = await admin.PostFormAsync("/admin/delivery", "/admin/delivery", [new("quality", "720p"), new("mode", "download-only")]))
            {
                Assert.Equal(HttpStatusCode.OK, set.StatusCode);
                Assert.Contains("notice-ok", await set.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            Assert.Equal("download-only", await ModeAsync("720p"));
        }
        finally
        {
            using var reset = await admin.PostFormAsync("/admin/delivery", "/admin/delivery", [new("quality", "720p"), new("mode", "stream")]);
        }
    }

    [Fact]
    public async Task A_files_mirror_is_set_checked_and_cleared_from_its_titles_page()
    {
        var page = $"/admin/titles/{Site.Catalog.MovieId}";
        var action = $"/admin/media/{Site.Catalog.Movie480FileId}/mirror";
        using var admin = await SiteVisitor.AdminAsync(Site);
        using (var bad = await admin.PostFormAsync(page, action, [new("url", "javascript:alert(1)")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("notice-error", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var set = await admin.PostFormAsync(page, action, [new("url", "https://mirror.example.com/a?b=1&c=2")]))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            Assert.Contains("value=\"https://mirror.example.com/a?b=1&amp;c=2\"", await set.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var clear = await admin.PostFormAsync(page, action, [new("url", "")]))
        {
            Assert.Equal(HttpStatusCode.OK, clear.StatusCode);
            Assert.Contains("cleared", await clear.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var scope = Site.Services.CreateAsyncScope();
        Assert.Null((await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.AsNoTracking().SingleAsync(m => m.PublicId == Site.Catalog.Movie480FileId)).MirrorUrl);
        using var unknown = await admin.PostFormAsync(page, "/admin/media/nope/mirror", [new("url", "")]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Swarm_page_explains_a_vault_without_sessions_and_shows_the_slice_cache()
    {
        using var admin = await SiteVisitor.AdminAsync(Site);
        var swarm = await admin.GetPageAsync("/admin/swarm");
        Assert.Contains("<h1>Swarm</h1>", swarm, StringComparison.Ordinal);
        Assert.Contains("does not use Telegram sessions", swarm, StringComparison.Ordinal);
    }

    private async Task<string> FillerIdAsync(int number)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var name = $"{SiteSeed.FillerPrefix} {number:00}";
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Titles.Where(t => t.Name == name).Select(t => t.PublicId).SingleAsync();
    }

    private async Task<string> ModeAsync(string quality)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var policy = await scope.ServiceProvider.GetRequiredService<StreamVault.Delivery.Policy.DeliveryAdmin>().ListAsync(CancellationToken.None);
        return StreamVault.Delivery.Policy.DeliveryNames.Name(policy.Single(p => StreamVault.Delivery.Policy.DeliveryNames.Name(p.Quality) == quality).Mode);
    }
}
