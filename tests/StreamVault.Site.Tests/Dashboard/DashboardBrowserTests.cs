using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StreamVault.Accounts;
using StreamVault.Catalog.Jobs;
using StreamVault.Data;
using StreamVault.Site.Tests.Infrastructure;

namespace StreamVault.Site.Tests.Dashboard;

/// <summary>The dashboard's main flows in headless Chromium: sign in, find and edit a title, follow a job live, take a
/// title down. The overview's screenshot is kept (screenshots/dashboard-overview.png beside the test assembly).</summary>
public sealed class DashboardBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task An_admin_reaches_the_dashboard_from_the_site_and_edits_a_title_found_by_search()
    {
        var page = await SignedInAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/admin");
        Assert.Equal("Dashboard", await page.Locator("h1").TextContentAsync());
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, "dashboard-overview.png"), FullPage = true });

        await page.Locator(".dashboard-nav").GetByRole(AriaRole.Link, new() { Name = "Titles" }).ClickAsync();
        await page.GetByLabel("Name or id").FillAsync("filler title 04");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        // The unfiltered list may show the same link: wait for the results, or the click can land on the page being left.
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/admin/titles\?q="));
        await page.GetByRole(AriaRole.Link, new() { Name = "Filler Title 04" }).ClickAsync();

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Edited In Browser");
        await page.GetByLabel("Year").FillAsync("2001");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice-ok")).ToContainTextAsync("Saved: name");
        Assert.Equal("Edited In Browser", await page.Locator("h1").TextContentAsync());
        Assert.Empty(fixture.Dialogs);
    }

    [Fact]
    public async Task A_running_job_updates_in_place_until_it_ends()
    {
        var jobs = fixture.Site.Services.GetRequiredService<IOperatorJobs>();
        var step = new SemaphoreSlim(0);
        var job = jobs.Start("test", "browser test job", "test", async progress =>
        {
            progress.Report("step 1 of 2", 0.25);
            await step.WaitAsync(progress.Cancellation);
            progress.Report("step 2 of 2", 0.75);
            await step.WaitAsync(progress.Cancellation);
            return "all steps done";
        });

        var page = await SignedInAsync();
        await page.GotoAsync($"/admin/jobs/{job.Id}");
        var status = page.Locator("[data-job-status]");
        await Assertions.Expect(status).ToHaveTextAsync("step 1 of 2");
        var loads = 0;
        page.Load += (_, _) => loads++;

        step.Release();
        await Assertions.Expect(status).ToHaveTextAsync("step 2 of 2", new() { Timeout = 15_000 });
        Assert.Equal(0.75, await page.Locator("[data-job-fraction]").EvaluateAsync<double>("bar => bar.value"));
        step.Release();
        await Assertions.Expect(page.Locator("[data-job-state]")).ToHaveTextAsync("Succeeded", new() { Timeout = 15_000 });
        await Assertions.Expect(status).ToHaveTextAsync("all steps done");
        await Assertions.Expect(page.Locator("[data-job-cancel]")).ToHaveCountAsync(0);
        Assert.Equal(0, loads);
    }

    [Fact]
    public async Task Taking_a_title_down_from_its_page_needs_the_box_ticked_and_empties_it_from_the_site()
    {
        string id;
        await using (var scope = fixture.Site.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Titles.Where(t => t.Name == "Filler Title 05").Select(t => t.PublicId).SingleAsync();
        }

        var page = await SignedInAsync();
        await page.GotoAsync($"/admin/titles/{id}");
        await page.GetByLabel("Reason (kept in the audit log)").FillAsync("Browser DMCA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Take down" }).ClickAsync();
        // The browser itself refuses: the confirmation box is required.
        Assert.EndsWith($"/admin/titles/{id}", page.Url, StringComparison.Ordinal);

        await page.GetByLabel("I understand this cannot be undone").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Take down" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Taken down: Filler Title 05");
        await Assertions.Expect(page.Locator(".notice-ok")).ToHaveTextAsync("Every layer is empty of this title.");

        var response = await page.GotoAsync($"/title/{id}");
        Assert.Equal(410, response!.Status);
    }

    [Fact]
    public async Task A_leech_of_a_metadata_address_opens_its_job_page_which_shows_the_refusal()
    {
        var page = await SignedInAsync();
        await page.GotoAsync("/admin/jobs");
        await page.GetByLabel("Address").FillAsync("http://169.254.169.254/latest/meta-data");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start leech" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/jobs/*");
        await Assertions.Expect(page.Locator("[data-job-state]")).ToHaveTextAsync("Failed", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-job-status]")).ToContainTextAsync("169.254.169.254");

        await page.GotoAsync("/admin/jobs");
        await page.GetByLabel("Address").FillAsync("https://user:secret@example.com/film.mkv");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start leech" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice-error")).ToContainTextAsync("user name or password");
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
