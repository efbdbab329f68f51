using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamVault.Catalog;
using StreamVault.Catalog.Reports;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Delivery.Policy;
using StreamVault.Delivery.Streaming;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Catalog;

/// <summary>Abuse reports: what a visitor may file, how often, and what an admin's decision does to the title.</summary>
public sealed class AbuseReportsTests
{
    private static readonly IPAddress Visitor = IPAddress.Parse("203.0.113.7");

    private static async Task<string> AddTitleAsync(TestApp app, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var title = new Title { PublicId = PublicIds.New(), Name = name, NormalizedName = name.ToLowerInvariant(), Slug = name.ToLowerInvariant().Replace(' ', '-'), CreatedAt = app.Time.GetUtcNow().UtcDateTime };
        db.Titles.Add(title);
        await db.SaveChangesAsync();
        return title.PublicId;
    }

    private static async Task<T> WithReportsAsync<T>(TestApp app, Func<AbuseReports, Task<T>> use)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<AbuseReports>());
    }

    private static Task<SubmitResult> SubmitAsync(TestApp app, string titleId, string details = "It is my film.", IPAddress? from = null, AbuseReason reason = AbuseReason.Copyright, string? contact = null) =>
        WithReportsAsync(app, r => r.SubmitAsync(titleId, reason, details, contact, from ?? Visitor, CancellationToken.None));

    private static async Task<List<AbuseReport>> RowsAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().AbuseReports.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }

    private static async Task<List<AuditEntry>> AuditAsync(TestApp app, string action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Audit.AsNoTracking().Where(a => a.Action == action).ToListAsync();
    }

    [Fact]
    public async Task An_accepted_report_is_stored_open_without_the_address()
    {
        await using var app = await TestApp.StartAsync();
        var title = await AddTitleAsync(app, "Some Film");

        var result = await SubmitAsync(app, title, "  I own the rights.\r\nSee my site.  ", contact: " legal@example.com ");

        Assert.Equal(SubmitOutcome.Accepted, result.Outcome);
        var row = Assert.Single(await RowsAsync(app));
        Assert.Equal(result.ReportId, row.PublicId);
        Assert.Equal(AbuseReportStatus.Open, row.Status);
        Assert.Equal("I own the rights.\nSee my site.", row.Details);
        Assert.Equal("legal@example.com", row.Contact);
        Assert.Equal(64, row.RequesterKey.Length);
        Assert.DoesNotContain("203.0.113.7", row.RequesterKey, StringComparison.Ordinal);
        Assert.Equal(1, await WithReportsAsync(app, r => r.CountOpenAsync(CancellationToken.None)));
        var view = await WithReportsAsync(app, r => r.FindAsync(row.PublicId, CancellationToken.None));
        Assert.Equal(("Some Film", title), (view!.TitleName, view.TitleId));
    }

    [Fact]
    public async Task A_second_report_of_the_same_title_within_a_day_is_folded_into_the_first()
    {
        await using var app = await TestApp.StartAsync();
        var title = await AddTitleAsync(app, "Some Film");

        var first = await SubmitAsync(app, title, "First.");
        app.Time.Advance(TimeSpan.FromHours(2));
        var second = await SubmitAsync(app, title, "Second.");
        var other = await SubmitAsync(app, title, "From someone else.", IPAddress.Parse("198.51.100.1"));

        Assert.Equal(SubmitOutcome.Folded, second.Outcome);
        Assert.Equal(first.ReportId, second.ReportId);
        Assert.Equal(SubmitOutcome.Accepted, other.Outcome);
        var rows = await RowsAsync(app);
        Assert.Equal(2, rows.Count);
        Assert.Equal("First.\n\nSecond.", rows[0].Details);

        app.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(SubmitOutcome.Accepted, (await SubmitAsync(app, title, "A day later.")).Outcome);
    }

    [Fact]
    public async Task The_sixth_report_in_an_hour_is_refused_and_allowed_again_after_the_hour()
    {
        await using var app = await TestApp.StartAsync();
        var titles = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            titles.Add(await AddTitleAsync(app, $"Film {i}"));
        }

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SubmitOutcome.Accepted, (await SubmitAsync(app, titles[i])).Outcome);
            app.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var sixth = await SubmitAsync(app, titles[5]);
        Assert.Equal(SubmitOutcome.RateLimited, sixth.Outcome);
        Assert.Equal(SubmitOutcome.RateLimited, (await SubmitAsync(app, titles[6], from: IPAddress.Parse("::ffff:203.0.113.7"))).Outcome);
        Assert.Equal(SubmitOutcome.Accepted, (await SubmitAsync(app, titles[5], from: IPAddress.Parse("2001:db8::1"))).Outcome);
        Assert.Equal(SubmitOutcome.Accepted, (await SubmitAsync(app, titles[6], from: IPAddress.Parse("2001:db8::1"))).Outcome);

        app.Time.Advance(TimeSpan.FromMinutes(56));
        Assert.Equal(SubmitOutcome.Accepted, (await SubmitAsync(app, titles[5])).Outcome);
        Assert.Equal(8, (await RowsAsync(app)).Count);
    }

    [Fact]
    public async Task The_limit_comes_from_configuration()
    {
        await using var app = await TestApp.StartAsync(s => s["StreamVault:Reports:MaxPerHour"] = "1");
        var a = await AddTitleAsync(app, "A");
        var b = await AddTitleAsync(app, "B");

        Assert.Equal(SubmitOutcome.Accepted, (await SubmitAsync(app, a)).Outcome);
        Assert.Equal(SubmitOutcome.RateLimited, (await SubmitAsync(app, b)).Outcome);
        // One IPv6 /64 is one subscriber: its other addresses count as the same requester.
        Assert.Equal(SubmitOutcome.Accepted, (await SubmitAsync(app, a, from: IPAddress.Parse("2001:db8::1"))).Outcome);
        Assert.Equal(SubmitOutcome.RateLimited, (await SubmitAsync(app, b, from: IPAddress.Parse("2001:db8::2"))).Outcome);
        Assert.Equal(SubmitOutcome.Accepted, (await SubmitAsync(app, b, from: IPAddress.Parse("2001:db8:0:1::1"))).Outcome);
    }

    [Theory]
    [InlineData("bell\a in it", null)]
    [InlineData("tab\there", null)]
    [InlineData("fine", "two\nlines")]
    [InlineData("fine", "right-to-left \u202E override")]
    [InlineData("", null, AbuseReason.Other)]
    public async Task Invalid_input_is_refused_and_stores_nothing(string details, string? contact, AbuseReason reason = AbuseReason.Spam)
    {
        await using var app = await TestApp.StartAsync();
        var title = await AddTitleAsync(app, "Some Film");

        var result = await SubmitAsync(app, title, details, contact: contact, reason: reason);

        Assert.Equal(SubmitOutcome.Invalid, result.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.Empty(await RowsAsync(app));
    }

    [Fact]
    public async Task Too_long_text_and_an_unknown_reason_are_refused()
    {
        await using var app = await TestApp.StartAsync();
        var title = await AddTitleAsync(app, "Some Film");

        Assert.Equal(SubmitOutcome.Invalid, (await SubmitAsync(app, title, new string('x', AbuseReport.DetailsMaxLength + 1))).Outcome);
        Assert.Equal(SubmitOutcome.Invalid, (await SubmitAsync(app, title, contact: new string('x', AbuseReport.ContactMaxLength + 1))).Outcome);
        Assert.Equal(SubmitOutcome.Invalid, (await SubmitAsync(app, title, reason: (AbuseReason)42)).Outcome);
        Assert.Equal(SubmitOutcome.Accepted, (await SubmitAsync(app, title, new string('x', AbuseReport.DetailsMaxLength))).Outcome);
    }

    [Fact]
    public async Task Unknown_and_removed_titles_are_refused()
    {
        await using var app = await TestApp.StartAsync();
        var title = await AddTitleAsync(app, "Some Film");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TitleRemoval>().RemoveAsync(title, "admin:test", "gone", CancellationToken.None);
        }

        Assert.Equal(SubmitOutcome.NotFound, (await SubmitAsync(app, "nosuchtitle1")).Outcome);
        Assert.Equal(SubmitOutcome.Gone, (await SubmitAsync(app, title)).Outcome);
        Assert.Empty(await RowsAsync(app));
    }

    [Fact]
    public async Task Dismissing_is_audited_and_a_second_decision_answers_already()
    {
        await using var app = await TestApp.StartAsync();
        var title = await AddTitleAsync(app, "Some Film");
        var report = (await SubmitAsync(app, title)).ReportId!;

        var dismissed = await WithReportsAsync(app, r => r.DismissAsync(report, "admin:alice", "licensed from the studio", CancellationToken.None));
        var again = await WithReportsAsync(app, r => r.TakeDownAsync(report, "admin:bob", null, CancellationToken.None));

        Assert.Equal(DecisionOutcome.Decided, dismissed.Outcome);
        Assert.Equal(DecisionOutcome.AlreadyDecided, again.Outcome);
        Assert.Contains("already dismissed by admin:alice at", again.Message, StringComparison.Ordinal);
        var audit = Assert.Single(await AuditAsync(app, "report.dismiss"));
        Assert.Equal(("admin:alice", report), (audit.Actor, audit.Target));
        Assert.Contains("licensed from the studio", audit.Detail, StringComparison.Ordinal);
        var row = Assert.Single(await RowsAsync(app));
        Assert.Equal((AbuseReportStatus.Dismissed, "admin:alice", "licensed from the studio"), (row.Status, row.DecidedBy, row.DecisionNote));
        Assert.False(await TitleRemovedAsync(app, title));
        Assert.Equal(DecisionOutcome.NotFound, (await WithReportsAsync(app, r => r.DismissAsync("nosuchreport", "admin:alice", null, CancellationToken.None))).Outcome);
    }

    private static async Task<bool> TitleRemovedAsync(TestApp app, string titleId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Titles.AnyAsync(t => t.PublicId == titleId && t.RemovedAt != null);
    }

    [Fact]
    public async Task Taking_down_tombstones_the_title_and_closes_all_its_open_reports()
    {
        await using var app = await TestApp.StartAsync();
        await Ingest.IngestServiceTests.IngestAsync(app, Ingest.MediaOnlyIngestTests.DemoFilm);
        string titleId, page, stream;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var file = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.Include(m => m.Title).SingleAsync();
            titleId = file.Title!.PublicId;
            page = $"/title/{titleId}/{file.Title.Slug}";
            stream = scope.ServiceProvider.GetRequiredService<IMediaLinks>().Play(file, DeliveryPolicy.Default)!;
        }

        var other = await AddTitleAsync(app, "Other Film");
        var first = (await SubmitAsync(app, titleId)).ReportId!;
        var second = (await SubmitAsync(app, titleId, from: IPAddress.Parse("198.51.100.1"))).ReportId!;
        var unrelated = (await SubmitAsync(app, other)).ReportId!;
        using (var before = await app.Client.GetAsync(page))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var result = await WithReportsAsync(app, r => r.TakeDownAsync(second, "admin:alice", "DMCA notice 7", CancellationToken.None));

        Assert.True(result.Outcome == DecisionOutcome.Decided, result.Message);
        Assert.Equal(2, result.Closed);
        foreach (var url in new[] { page, stream })
        {
            using var response = await app.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        }

        var rows = (await RowsAsync(app)).ToDictionary(r => r.PublicId);
        Assert.All(new[] { first, second }, id => Assert.Equal((AbuseReportStatus.TakenDown, "admin:alice"), (rows[id].Status, rows[id].DecidedBy)));
        Assert.Equal(AbuseReportStatus.Open, rows[unrelated].Status);
        Assert.Equal(second, Assert.Single(await AuditAsync(app, "report.takedown")).Target);
        Assert.Contains("DMCA notice 7", Assert.Single(await AuditAsync(app, "title.remove")).Detail, StringComparison.Ordinal);
        var already = await WithReportsAsync(app, r => r.DismissAsync(first, "admin:bob", null, CancellationToken.None));
        Assert.Equal(DecisionOutcome.AlreadyDecided, already.Outcome);
        Assert.Contains("already taken down by admin:alice", already.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingNotifier(bool fail) : IAbuseReportNotifier
    {
        public List<AbuseReportView> Seen { get; } = [];

        public Task NotifyAsync(AbuseReportView report, CancellationToken cancellationToken)
        {
            Seen.Add(report);
            return fail ? throw new InvalidOperationException("chat is down") : Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Notifiers_hear_each_accepted_report_once_and_a_failing_one_refuses_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var title = await AddTitleAsync(app, "Some Film");
        var failing = new RecordingNotifier(fail: true);
        var working = new RecordingNotifier(fail: false);

        async Task<SubmitResult> SubmitWithNotifiersAsync(string details)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var reports = new AbuseReports(services.GetRequiredService<CatalogDbContext>(), services.GetRequiredService<TitleRemoval>(), [failing, working],
                services.GetRequiredService<IOptions<ReportsOptions>>(), app.Time, services.GetRequiredService<ILogger<AbuseReports>>());
            return await reports.SubmitAsync(title, AbuseReason.Spam, details, null, Visitor, CancellationToken.None);
        }

        Assert.Equal(SubmitOutcome.Accepted, (await SubmitWithNotifiersAsync("first")).Outcome);
        Assert.Equal(SubmitOutcome.Folded, (await SubmitWithNotifiersAsync("again")).Outcome);

        Assert.Equal(title, Assert.Single(working.Seen).TitleId);
        Assert.Single(failing.Seen);
        Assert.Single(await RowsAsync(app));
    }

    [Fact]
    public async Task The_api_is_for_admins_only()
    {
        await using var app = await TestApp.StartAsync();
        using var guest = new HttpClient { BaseAddress = app.Client.BaseAddress };
        await Delivery.DeliveryApiTests.SignInAsync(app, UserRole.Viewer);

        foreach (var (client, status) in new[] { (guest, HttpStatusCode.Unauthorized), (app.Client, HttpStatusCode.Forbidden) })
        {
            using var list = await client.GetAsync("/api/admin/reports");
            using var dismiss = await client.PostAsJsonAsync("/api/admin/reports/abc/dismiss", new { note = "x" });
            using var takedown = await client.PostAsJsonAsync("/api/admin/reports/abc/takedown", new { note = "x" });
            Assert.All(new[] { list, dismiss, takedown }, r => Assert.Equal(status, r.StatusCode));
        }
    }

    [Fact]
    public async Task The_api_lists_decides_and_answers_problems()
    {
        await using var app = await TestApp.StartAsync();
        var title = await AddTitleAsync(app, "Some Film");
        var report = (await SubmitAsync(app, title)).ReportId!;
        await Delivery.DeliveryApiTests.SignInAsync(app, UserRole.Admin);

        using (var list = await app.Client.GetAsync("/api/admin/reports?status=open"))
        {
            using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
            Assert.Equal(1, json.RootElement.GetProperty("total").GetInt32());
            var item = json.RootElement.GetProperty("reports")[0];
            Assert.Equal(report, item.GetProperty("id").GetString());
            Assert.False(item.TryGetProperty("requesterKey", out _));
        }

        using (var bad = await app.Client.GetAsync("/api/admin/reports?status=pending"))
        {
            await AssertProblemAsync(bad, HttpStatusCode.BadRequest);
        }

        await AssertProblemAsync(await app.Client.PostAsJsonAsync("/api/admin/reports/nosuchreport/dismiss", new { note = "x" }), HttpStatusCode.NotFound);
        using (var dismiss = await app.Client.PostAsJsonAsync($"/api/admin/reports/{report}/dismiss", new { note = "fine" }))
        {
            Assert.Equal(HttpStatusCode.OK, dismiss.StatusCode);
        }

        var conflict = await AssertProblemAsync(await app.Client.PostAsJsonAsync($"/api/admin/reports/{report}/takedown", new { note = "x" }), HttpStatusCode.Conflict);
        Assert.Contains("already dismissed by admin:", conflict, StringComparison.Ordinal);
        using (var dismissed = await app.Client.GetAsync("/api/admin/reports?status=dismissed"))
        {
            using var json = JsonDocument.Parse(await dismissed.Content.ReadAsStringAsync());
            Assert.Equal("fine", json.RootElement.GetProperty("reports")[0].GetProperty("decisionNote").GetString());
        }

        Assert.False(await TitleRemovedAsync(app, title));
    }

    private static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
            return json.RootElement.GetProperty("detail").GetString()!;
        }
    }
}
