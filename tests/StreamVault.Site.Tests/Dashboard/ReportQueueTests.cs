using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Site.Tests.Infrastructure;

namespace StreamVault.Site.Tests.Dashboard;

/// <summary>The dashboard's report queue over HTTP against the real server: who may see it, how visitors' text is shown,
/// and the two decisions. A server of its own: these tests take titles down.</summary>
public sealed class ReportQueueTests(SiteAppFixture fixture) : IClassFixture<SiteAppFixture>
{
    private SiteApp Site => fixture.Site;

    [Fact]
    public async Task Guests_and_viewers_can_neither_see_the_queue_nor_decide_a_report()
    {
        var id = await SiteReports.FillerIdAsync(Site, 20);
        var report = await SiteReports.FileAsync(Site, id, "a viewer should not see this", "192.0.2.20");

        using var guest = SiteVisitor.Anonymous(Site);
        using (var response = await guest.Client.GetAsync("/admin/reports"))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        using var viewer = await SiteVisitor.ViewerAsync(Site, "Report Viewer");
        using (var response = await viewer.Client.GetAsync("/admin/reports"))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        // Even with a valid antiforgery token of a public page, a decision is refused before it reaches the use case.
        foreach (var visitor in new[] { guest, viewer })
        {
            using var dismiss = await visitor.PostFormAsync($"/report/{id}", $"/admin/reports/{report}/dismiss", [new("note", "not yours")]);
            Assert.Equal(HttpStatusCode.Redirect, dismiss.StatusCode);
            using var takedown = await visitor.PostFormAsync($"/report/{id}", $"/admin/reports/{report}/takedown", [new("confirm", "yes")]);
            Assert.Equal(HttpStatusCode.Redirect, takedown.StatusCode);
        }

        Assert.Equal(AbuseReportStatus.Open, Assert.Single(await SiteReports.OfTitleAsync(Site, id)).Status);
        await guest.GetPageAsync($"/title/{id}");
    }

    [Fact]
    public async Task Visitors_text_comes_back_escaped_and_the_overview_counts_open_reports()
    {
        var id = await SiteReports.FillerIdAsync(Site, 21);
        await SiteReports.FileAsync(Site, id, "<script>alert(3)</script> & <img src=x onerror=alert(4)>", "192.0.2.21", AbuseReason.Other, contact: "<b>me</b>");

        using var admin = await SiteVisitor.AdminAsync(Site);
        var queue = await admin.GetPageAsync("/admin/reports");
        Assert.DoesNotContain("<script>alert(3)", queue, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", queue, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>me</b>", queue, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(3)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(4)&gt;", queue, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;me&lt;/b&gt;", queue, StringComparison.Ordinal);
        Assert.Contains($"href=\"/title/{id}\"", queue, StringComparison.Ordinal);
        Assert.Contains($"href=\"/admin/titles/{id}\"", queue, StringComparison.Ordinal);

        var open = await OpenCountAsync();
        Assert.True(open > 0);
        var overview = await admin.GetPageAsync("/admin");
        Assert.Contains($"<a class=\"stat-value\" href=\"/admin/reports\">{open}</a><span class=\"stat-label\">open reports</span>", overview, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"nav-count\">{open}<span class=\"visually-hidden\"> open</span></span>", overview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dismissing_from_the_queue_closes_the_report_audits_it_and_redirects_back_with_a_notice()
    {
        var id = await SiteReports.FillerIdAsync(Site, 22);
        var report = await SiteReports.FileAsync(Site, id, "not really a problem", "192.0.2.22", AbuseReason.Spam);
        using var admin = await SiteVisitor.AdminAsync(Site);

        string back;
        using (var dismissed = await admin.PostFormAsync("/admin/reports", $"/admin/reports/{report}/dismiss", [new("note", "looks fine"), new("status", "open"), new("page", "1")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, dismissed.StatusCode);
            back = dismissed.Headers.Location!.OriginalString;
            Assert.StartsWith("/admin/reports?notice=", back, StringComparison.Ordinal);
        }

        var page = await admin.GetPageAsync(back);
        Assert.Contains($"<p class=\"notice notice-ok\" role=\"status\">Report {report} dismissed.</p>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("not really a problem", page, StringComparison.Ordinal);

        var stored = Assert.Single(await SiteReports.OfTitleAsync(Site, id));
        Assert.Equal(AbuseReportStatus.Dismissed, stored.Status);
        Assert.Equal("looks fine", stored.DecisionNote);
        Assert.StartsWith("admin:", stored.DecidedBy, StringComparison.Ordinal);
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var audit = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Audit.AsNoTracking().SingleAsync(a => a.Action == "report.dismiss" && a.Target == report);
            Assert.StartsWith("admin:", audit.Actor, StringComparison.Ordinal);
        }

        var decided = await admin.GetPageAsync("/admin/reports?status=dismissed");
        Assert.Contains("not really a problem", decided, StringComparison.Ordinal);
        Assert.Contains("Dismissed by admin:", decided, StringComparison.Ordinal);
        Assert.Contains("looks fine", decided, StringComparison.Ordinal);
        Assert.Contains("not really a problem", await admin.GetPageAsync("/admin/reports?status=all"), StringComparison.Ordinal);

        // Deciding twice is refused with the first decision; the title is still listed.
        using (var twice = await admin.PostFormAsync("/admin/reports", $"/admin/reports/{report}/takedown", [new("confirm", "yes")]))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            Assert.Contains("was already dismissed", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await admin.GetPageAsync($"/title/{id}");
        using var unknown = await admin.PostFormAsync("/admin/reports", "/admin/reports/nosuchreport/dismiss", []);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Taking_down_from_the_queue_needs_the_box_ticked_then_the_title_is_gone_and_its_open_reports_closed()
    {
        var id = await SiteReports.FillerIdAsync(Site, 23);
        var first = await SiteReports.FileAsync(Site, id, "my film", "192.0.2.23");
        await SiteReports.FileAsync(Site, id, "my film too", "192.0.2.24");
        using var admin = await SiteVisitor.AdminAsync(Site);

        using (var unticked = await admin.PostFormAsync("/admin/reports", $"/admin/reports/{first}/takedown", [new("note", "DMCA 77")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unticked.StatusCode);
            Assert.Contains("Tick the box to confirm", await unticked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var forged = await admin.Client.PostAsync($"/admin/reports/{first}/takedown", new FormUrlEncodedContent([new("note", "forged"), new("confirm", "yes")])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Contains("did not come from a page of this dashboard", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.All(await SiteReports.OfTitleAsync(Site, id), r => Assert.Equal(AbuseReportStatus.Open, r.Status));
        await admin.GetPageAsync($"/title/{id}");

        using (var done = await admin.PostFormAsync("/admin/reports", $"/admin/reports/{first}/takedown", [new("note", "DMCA 77"), new("confirm", "yes"), new("status", "all"), new("page", "1")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
            var back = done.Headers.Location!.OriginalString;
            Assert.StartsWith("/admin/reports?status=all&notice=", back, StringComparison.Ordinal);
            Assert.Contains("Filler Title 23 taken down; 2 open report(s) closed.", await admin.GetPageAsync(back), StringComparison.Ordinal);
        }

        await SiteVisitor.Anonymous(Site).GetPageAsync($"/title/{id}", HttpStatusCode.Gone);
        var reports = await SiteReports.OfTitleAsync(Site, id);
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.Equal((AbuseReportStatus.TakenDown, "DMCA 77"), (r.Status, r.DecisionNote)));
        var takenDown = await admin.GetPageAsync("/admin/reports?status=taken-down");
        Assert.Contains("my film too", takenDown, StringComparison.Ordinal);
        Assert.Contains("Taken down by admin:", takenDown, StringComparison.Ordinal);
        Assert.Contains("report.takedown", await admin.GetPageAsync("/admin/audit?q=DMCA%2077"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notice_in_the_address_shows_only_when_the_server_sealed_it()
    {
        using var admin = await SiteVisitor.AdminAsync(Site);
        var page = await admin.GetPageAsync("/admin/reports?notice=Your%20password%20expired");
        Assert.DoesNotContain("class=\"notice", page, StringComparison.Ordinal);
        Assert.DoesNotContain("password expired", page, StringComparison.Ordinal);
        Assert.Contains("<h1>Reports</h1>", await admin.GetPageAsync("/admin/reports?status=nonsense&page=-4"), StringComparison.Ordinal);
    }

    private async Task<int> OpenCountAsync()
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().AbuseReports.CountAsync(r => r.Status == AbuseReportStatus.Open);
    }
}
