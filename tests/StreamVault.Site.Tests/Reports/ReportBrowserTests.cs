using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StreamVault.Accounts;
using StreamVault.Site.Tests.Dashboard;
using StreamVault.Site.Tests.Infrastructure;

namespace StreamVault.Site.Tests.Reports;

/// <summary>Abuse reports in headless Chromium: a guest reports a title from its page, and an admin takes it down from
/// the dashboard's queue. The queue's screenshot is kept (screenshots/dashboard-reports.png beside the test assembly).</summary>
public sealed class ReportBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_guest_reports_a_title_from_its_page_and_is_thanked()
    {
        var id = await SiteReports.FillerIdAsync(fixture.Site, 6);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/title/{id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Report", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**/report/{id}");
        Assert.Equal("Report “Filler Title 06”", await page.Locator("h1").TextContentAsync());

        // The browser itself asks for a reason and details before sending.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        Assert.EndsWith($"/report/{id}", page.Url, StringComparison.Ordinal);
        Assert.Empty(await SiteReports.OfTitleAsync(fixture.Site, id));

        await page.GetByLabel("Copyright: it is my work, or I act for its owner").CheckAsync();
        await page.GetByLabel("What is wrong").FillAsync("This is my film; I did not allow it here.");
        await page.GetByLabel("Your contact, if you want an answer").FillAsync("owner@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("An administrator will look at your report.");

        var report = Assert.Single(await SiteReports.OfTitleAsync(fixture.Site, id));
        Assert.Equal(("This is my film; I did not allow it here.", "owner@example.com"), (report.Details, report.Contact));
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to Filler Title 06" }).ClickAsync();
        await page.WaitForURLAsync($"**/title/{id}/**");
        Assert.Empty(fixture.Dialogs);
    }

    [Fact]
    public async Task An_admin_takes_a_reported_title_down_from_the_queue_and_its_page_answers_410()
    {
        var id = await SiteReports.FillerIdAsync(fixture.Site, 7);
        await SiteReports.FileAsync(fixture.Site, id, "Pirated copy of my film.\nNotice attached.", "192.0.2.70", contact: "studio@example.com");
        await SiteReports.FileAsync(fixture.Site, await SiteReports.FillerIdAsync(fixture.Site, 8), "<script>alert('queue')</script>", "192.0.2.71", StreamVault.Data.Entities.AbuseReason.Spam);

        var page = await SignedInAsync();
        await page.GotoAsync("/admin");
        await page.Locator(".dashboard-nav").GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/reports");
        Assert.Equal("Reports", await page.Locator("h1").TextContentAsync());
        Directory.CreateDirectory(DashboardBrowserTests.ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardBrowserTests.ScreenshotFolder, "dashboard-reports.png"), FullPage = true });

        var report = page.Locator("article.report", new() { HasText = "Filler Title 07" });
        await report.GetByLabel("Note for the takedown").FillAsync("Browser DMCA");
        await report.GetByRole(AriaRole.Button, new() { Name = "Take down" }).ClickAsync();
        // The browser refuses without the ticked box.
        Assert.EndsWith("/admin/reports", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".notice")).ToHaveCountAsync(0);

        await report.GetByLabel("I understand this cannot be undone").CheckAsync();
        await report.GetByRole(AriaRole.Button, new() { Name = "Take down" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice-ok")).ToHaveTextAsync("Filler Title 07 taken down; 1 open report(s) closed.");
        await Assertions.Expect(page.Locator("article.report", new() { HasText = "Filler Title 07" })).ToHaveCountAsync(0);

        var response = await page.GotoAsync($"/title/{id}");
        Assert.Equal(410, response!.Status);
        Assert.Empty(fixture.Dialogs);
    }

    private async Task<IPage> SignedInAsync()
    {
        string token;
        await using (var scope = fixture.Site.Services.CreateAsyncScope())
        {
            token = await scope.ServiceProvider.GetRequiredService<SignInLinks>().CreateAdminLinkTokenAsync(CancellationToken.None);
        }

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(AccountRoutes.SignInPath(token));
        return page;
    }
}
