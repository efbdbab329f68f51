using System.Net;
using System.Text.RegularExpressions;
using StreamVault.Data.Entities;
using StreamVault.Site.Tests.Infrastructure;

namespace StreamVault.Site.Tests.Reports;

/// <summary>The public Report form and the contact page over HTTP against the real server. A server of its own: these
/// tests file reports, and each test reports from its own (forwarded) address so the hourly limit counts it alone.</summary>
public sealed partial class ReportPageTests(SiteAppFixture fixture) : IClassFixture<SiteAppFixture>
{
    private SiteApp Site => fixture.Site;

    [Fact]
    public async Task A_guest_reports_a_title_from_its_page_and_the_report_reaches_the_dashboard_queue()
    {
        var id = await SiteReports.FillerIdAsync(Site, 1);
        using var guest = SiteVisitor.Anonymous(Site).From("203.0.113.1");
        var title = await guest.GetPageAsync($"/title/{id}");
        Assert.Contains($"href=\"/report/{id}\"", title, StringComparison.Ordinal);

        var form = await guest.GetPageAsync($"/report/{id}");
        Assert.Contains($"action=\"/report/{id}\"", form, StringComparison.Ordinal);
        foreach (var reason in new[] { "copyright", "illegal", "spam", "other" })
        {
            Assert.Contains($"name=\"reason\" value=\"{reason}\"", form, StringComparison.Ordinal);
        }

        using (var sent = await guest.PostFormAsync($"/report/{id}", $"/report/{id}", [new("reason", "copyright"), new("details", "I own this film.\r\nSee my catalogue."), new("contact", "legal@example.com")]))
        {
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
            var body = await sent.Content.ReadAsStringAsync();
            Assert.Contains("<h1>Thank you</h1>", body, StringComparison.Ordinal);
            Assert.Contains("An administrator will look at your report.", body, StringComparison.Ordinal);
            Assert.Contains($"href=\"/title/{id}/", body, StringComparison.Ordinal);
        }

        var stored = Assert.Single(await SiteReports.OfTitleAsync(Site, id));
        Assert.Equal((AbuseReason.Copyright, "I own this film.\nSee my catalogue.", "legal@example.com", AbuseReportStatus.Open), (stored.Reason, stored.Details, stored.Contact, stored.Status));

        using var admin = await SiteVisitor.AdminAsync(Site);
        var queue = await admin.GetPageAsync("/admin/reports");
        Assert.Contains("Filler Title 01", queue, StringComparison.Ordinal);
        // The line break survives (the encoder writes it as a character reference; CSS keeps it on screen).
        Assert.Matches(@"I own this film\.(\n|&#xA;)See my catalogue\.", queue);
        Assert.Contains("legal@example.com", queue, StringComparison.Ordinal);

        // The same visitor reporting the same title again adds to the first report.
        using var again = await guest.PostFormAsync($"/report/{id}", $"/report/{id}", [new("reason", "copyright"), new("details", "Also the trailer.")]);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("You already reported this title", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("I own this film.\nSee my catalogue.\n\nAlso the trailer.", Assert.Single(await SiteReports.OfTitleAsync(Site, id)).Details);
    }

    [Fact]
    public async Task Bad_input_shows_the_form_again_with_what_was_typed_and_stores_nothing()
    {
        var id = await SiteReports.FillerIdAsync(Site, 2);
        var page = $"/report/{id}";
        using var guest = SiteVisitor.Anonymous(Site).From("203.0.113.2");

        using (var noReason = await guest.PostFormAsync(page, page, [new("details", "<b>typed</b> text"), new("contact", "me@example.com")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            var body = await noReason.Content.ReadAsStringAsync();
            Assert.Contains("Choose a reason.", body, StringComparison.Ordinal);
            Assert.Contains(">&lt;b&gt;typed&lt;/b&gt; text</textarea>", body, StringComparison.Ordinal);
            Assert.Contains("value=\"me@example.com\"", body, StringComparison.Ordinal);
        }

        using (var noDetails = await guest.PostFormAsync(page, page, [new("reason", "spam"), new("details", "   ")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noDetails.StatusCode);
            var body = await noDetails.Content.ReadAsStringAsync();
            Assert.Contains("Say what is wrong with this title.", body, StringComparison.Ordinal);
            Assert.Matches(CheckedSpam(), body);
        }

        using (var tooLong = await guest.PostFormAsync(page, page, [new("reason", "illegal"), new("details", new string('x', AbuseReport.DetailsMaxLength + 1))]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
            Assert.Contains($"at most {AbuseReport.DetailsMaxLength} characters", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var twoLineContact = await guest.PostFormAsync(page, page, [new("reason", "other"), new("details", "fine"), new("contact", "a\nb")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, twoLineContact.StatusCode);
            Assert.Contains("Contact must be one line", await twoLineContact.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var number = await guest.PostFormAsync(page, page, [new("reason", "1"), new("details", "a reason given as a number")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, number.StatusCode);
        }

        Assert.Empty(await SiteReports.OfTitleAsync(Site, id));
    }

    [Fact]
    public async Task A_report_without_its_antiforgery_token_changes_nothing()
    {
        var id = await SiteReports.FillerIdAsync(Site, 3);
        using var guest = SiteVisitor.Anonymous(Site).From("203.0.113.3");
        using var response = await guest.Client.PostAsync($"/report/{id}", new FormUrlEncodedContent([new("reason", "copyright"), new("details", "forged")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("did not come from this site", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await SiteReports.OfTitleAsync(Site, id));
    }

    [Fact]
    public async Task The_sixth_report_in_an_hour_gets_a_friendly_429_page_and_another_address_is_not_limited()
    {
        using var guest = SiteVisitor.Anonymous(Site).From("198.51.100.60");
        for (var i = 10; i <= 15; i++)
        {
            var id = await SiteReports.FillerIdAsync(Site, i);
            using var response = await guest.PostFormAsync($"/report/{id}", $"/report/{id}", [new("reason", "spam"), new("details", $"report {i}")]);
            var body = await response.Content.ReadAsStringAsync();
            if (i < 15)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                continue;
            }

            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Too many reports", body, StringComparison.Ordinal);
            Assert.Contains("please try again later", body, StringComparison.Ordinal);
            Assert.Empty(await SiteReports.OfTitleAsync(Site, id));
        }

        var last = await SiteReports.FillerIdAsync(Site, 15);
        using var other = SiteVisitor.Anonymous(Site).From("198.51.100.61");
        using var accepted = await other.PostFormAsync($"/report/{last}", $"/report/{last}", [new("reason", "spam"), new("details", "from elsewhere")]);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task A_taken_down_titles_report_page_answers_410_and_an_unknown_one_404()
    {
        using var guest = SiteVisitor.Anonymous(Site).From("203.0.113.5");
        Assert.Contains("This title has been removed", await guest.GetPageAsync($"/report/{Site.Catalog.RemovedTitleId}", HttpStatusCode.Gone), StringComparison.Ordinal);
        await guest.GetPageAsync("/report/nosuchtitle", HttpStatusCode.NotFound);

        var open = $"/report/{Site.Catalog.MovieId}";
        using (var gone = await guest.PostFormAsync(open, $"/report/{Site.Catalog.RemovedTitleId}", [new("reason", "copyright"), new("details", "too late")]))
        {
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        }

        using var unknown = await guest.PostFormAsync(open, "/report/nosuchtitle", [new("reason", "copyright"), new("details", "nothing")]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(await SiteReports.OfTitleAsync(Site, Site.Catalog.RemovedTitleId));
    }

    [Fact]
    public async Task The_contact_page_is_linked_from_every_pages_footer_and_explains_how_to_report()
    {
        foreach (var path in new[] { "/", $"/title/{Site.Catalog.MovieId}", $"/report/{Site.Catalog.MovieId}", "/nothing-here" })
        {
            using var response = await Site.Client.GetAsync(path);
            Assert.Matches(FooterContactLink(), await response.Content.ReadAsStringAsync());
        }

        var contact = await SiteVisitor.Anonymous(Site).GetPageAsync("/contact");
        Assert.Contains("<h1>Contact and DMCA</h1>", contact, StringComparison.Ordinal);
        Assert.Contains("<strong>Report</strong> link", contact, StringComparison.Ordinal);
        Assert.Contains("under penalty of perjury", contact, StringComparison.Ordinal);
        Assert.DoesNotContain("mailto:", contact, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_contact_address_is_shown_as_a_mail_link()
    {
        await using var site = await SiteApp.StartAsync(new Dictionary<string, string?> { ["StreamVault:Site:Contact"] = "abuse@vault.example.com" });
        using var guest = SiteVisitor.Anonymous(site);
        var contact = await guest.GetPageAsync("/contact");
        Assert.Contains("<a href=\"mailto:abuse@vault.example.com\">abuse@vault.example.com</a>", contact, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("dmca@example.org", true)]
    [InlineData("Abuse Desk <abuse@example.org>", false)]
    [InlineData("abuse@example.org, other@example.org", false)]
    [InlineData("not an address", false)]
    [InlineData("abuse@localhost", false)]
    [InlineData("abuse@example.org\"onclick=\"x", false)]
    public void The_contact_setting_takes_one_plain_address_or_nothing(string? contact, bool valid)
    {
        var result = new SiteOptionsValidation().Validate(null, new SiteOptions { Contact = contact });
        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("StreamVault:Site:Contact", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("<footer class=\"site-footer\">[^<]*<a href=\"/contact\">Contact and DMCA</a>")]
    private static partial Regex FooterContactLink();

    [GeneratedRegex("value=\"spam\"[^>]*checked")]
    private static partial Regex CheckedSpam();
}
