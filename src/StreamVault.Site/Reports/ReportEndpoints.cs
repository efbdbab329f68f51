using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StreamVault.Catalog.Reports;
using StreamVault.Site.Pages;

namespace StreamVault.Site.Reports;

/// <summary>
/// The public side of abuse handling: the Report form of a title (no account needed; <see cref="AbuseReports"/> keeps
/// the rate limit, the folding of repeats and the checks of the text) and the contact / DMCA page.
/// </summary>
internal static class ReportEndpoints
{
    // Details (2,000 characters) and a contact, percent-encoded: well under this.
    private const int MaxFormBytes = 32 * 1024;

    public static RouteGroupBuilder MapReports(this RouteGroupBuilder pages)
    {
        pages.MapGet("/report/{id}", Form).WithName(SiteRoutes.Report);
        pages.MapPost("/report/{id}", SubmitAsync)
            .WithFormOptions(multipartBodyLengthLimit: MaxFormBytes, valueLengthLimit: MaxFormBytes, valueCountLimit: 16);
        pages.MapGet("/contact", Contact).WithName(SiteRoutes.Contact);
        return pages;
    }

    private static async Task<IResult> Form(HttpContext http, SiteCatalog catalog, SiteLinks links, string id, CancellationToken ct)
    {
        if (await TitleAsync(catalog, links, id, ct) is not { } title)
        {
            return await MissingAsync(http, catalog, id, ct);
        }

        return FormPage(http, title, new ReportForm(string.Empty, string.Empty, string.Empty), error: null, StatusCodes.Status200OK);
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, IAntiforgery antiforgery, SiteCatalog catalog, SiteLinks links, AbuseReports reports, string id, CancellationToken ct)
    {
        if (await SiteForms.ReadAsync(http, antiforgery) is not { } form)
        {
            return SiteEndpoints.ErrorResult(http, new ErrorModel(StatusCodes.Status400BadRequest, "Report not sent", "This form did not come from this site, or its page was open for too long. Open the title's Report page again and send it from there."));
        }

        if (await TitleAsync(catalog, links, id, ct) is not { } title)
        {
            return await MissingAsync(http, catalog, id, ct);
        }

        // Details keep their line breaks; the use case trims and checks them.
        var typed = new ReportForm(form.Text("reason"), form["details"].ToString(), form.Text("contact"));
        if (ReportReasons.Parse(typed.Reason) is not { } reason)
        {
            return FormPage(http, title, typed, "Choose a reason.", StatusCodes.Status400BadRequest);
        }

        if (string.IsNullOrWhiteSpace(typed.Details))
        {
            // The use case asks for details only with "other"; a person filling the form is always asked what is wrong.
            return FormPage(http, title, typed, "Say what is wrong with this title.", StatusCodes.Status400BadRequest);
        }

        var result = await reports.SubmitAsync(id, reason, typed.Details, typed.Contact, http.Connection.RemoteIpAddress, ct);
        return result.Outcome switch
        {
            SubmitOutcome.Accepted => Sent(http, title, "Thank you", "An administrator will look at your report."),
            SubmitOutcome.Folded => Sent(http, title, "Thank you", result.Message),
            SubmitOutcome.RateLimited => SiteEndpoints.ErrorResult(http, new ErrorModel(StatusCodes.Status429TooManyRequests, "Too many reports", result.Message)),
            SubmitOutcome.Invalid => FormPage(http, title, typed, result.Message, StatusCodes.Status400BadRequest),
            SubmitOutcome.Gone => SiteEndpoints.GonePage(http),
            _ => NotFound(http),
        };
    }

    private static RazorComponentResult<ContactPage> Contact(HttpContext http, IOptions<SiteOptions> options) =>
        SiteEndpoints.Page<ContactPage>(new { Chrome = SiteEndpoints.Chrome(http, "Contact and DMCA"), Model = new ContactModel(options.Value.Contact is { Length: > 0 } email ? email : null) });

    /// <summary>The listed title a report can be about, or null (unknown or taken down).</summary>
    private static async Task<ReportedTitle?> TitleAsync(SiteCatalog catalog, SiteLinks links, string id, CancellationToken ct)
    {
        var card = await catalog.FindTitleCardAsync(id, ct);
        return card is null ? null : new ReportedTitle(card.Name, links.Title(card.PublicId, card.Slug), links.Report(card.PublicId));
    }

    /// <summary>As the title's own page answers: 410 for a taken-down title, 404 for one that never was.</summary>
    private static async Task<RazorComponentResult<ErrorPage>> MissingAsync(HttpContext http, SiteCatalog catalog, string id, CancellationToken ct) =>
        await catalog.IsRemovedAsync(id, ct) ? SiteEndpoints.GonePage(http) : NotFound(http);

    private static RazorComponentResult<ErrorPage> NotFound(HttpContext http) =>
        SiteEndpoints.NotFoundPage(http, "Title not found", "We could not find that title. It may never have existed here.");

    private static RazorComponentResult<ReportPage> FormPage(HttpContext http, ReportedTitle title, ReportForm form, string? error, int status)
    {
        var page = SiteEndpoints.Page<ReportPage>(new { Chrome = SiteEndpoints.Chrome(http, "Report: " + title.Name), Model = new ReportFormModel(title.Name, title.Url, title.Action, form, error) });
        page.StatusCode = status;
        return page;
    }

    private static RazorComponentResult<ReportSentPage> Sent(HttpContext http, ReportedTitle title, string heading, string message) =>
        SiteEndpoints.Page<ReportSentPage>(new { Chrome = SiteEndpoints.Chrome(http, "Report sent"), Model = new ReportSentModel(heading, message, title.Name, title.Url) });

    private sealed record ReportedTitle(string Name, string Url, string Action);
}
