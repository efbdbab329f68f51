using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using StreamVault.Catalog.Reports;
using StreamVault.Data.Entities;
using StreamVault.Site.Pages.Dashboard;

namespace StreamVault.Site.Dashboard;

/// <summary>
/// The dashboard's abuse-report queue: /admin/reports lists reports by status, and each open one is dismissed or its
/// title taken down through <see cref="AbuseReports"/>, the use case of the bot's buttons and /api/admin/reports.
/// </summary>
internal static class ReportQueueEndpoints
{
    public static RouteGroupBuilder MapReportQueue(this RouteGroupBuilder admin)
    {
        admin.MapGet("/reports", ListAsync).WithName(DashboardRoutes.Reports);
        admin.MapPost("/reports/{id}/dismiss", DismissAsync).WithName(DashboardRoutes.DismissReport);
        admin.MapPost("/reports/{id}/takedown", TakeDownAsync).WithName(DashboardRoutes.TakeDownReport);
        return admin;
    }

    public static ReportFilter ParseFilter(string? status) => status switch
    {
        "taken-down" => ReportFilter.TakenDown,
        "dismissed" => ReportFilter.Dismissed,
        "all" => ReportFilter.All,
        _ => ReportFilter.Open,
    };

    public static string FilterName(ReportFilter filter) => filter switch
    {
        ReportFilter.TakenDown => "taken-down",
        ReportFilter.Dismissed => "dismissed",
        ReportFilter.All => "all",
        _ => "open",
    };

    private static async Task<RazorComponentResult<ReportsPage>> ListAsync(HttpContext http, AbuseReports reports, DashboardNotices notices, DashboardLinks links, SiteLinks site, string? status, string? page, string? notice, CancellationToken ct) =>
        await QueuePageAsync(http, reports, links, site, ParseFilter(status), DashboardEndpoints.PageNumber(page), notices.Open(notice), StatusCodes.Status200OK, ct);

    private static async Task<IResult> DismissAsync(HttpContext http, IAntiforgery antiforgery, AbuseReports reports, DashboardNotices notices, DashboardLinks links, SiteLinks site, string id, CancellationToken ct)
    {
        if (await SiteForms.ReadAsync(http, antiforgery) is not { } form)
        {
            return DashboardEndpoints.FormRefused(http);
        }

        var result = await reports.DismissAsync(id, Platform.Policies.AdminActor(http.User), form.Text("note"), ct);
        return await AnswerAsync(http, reports, notices, links, site, form, result, ct);
    }

    private static async Task<IResult> TakeDownAsync(HttpContext http, IAntiforgery antiforgery, AbuseReports reports, DashboardNotices notices, DashboardLinks links, SiteLinks site, string id, CancellationToken ct)
    {
        if (await SiteForms.ReadAsync(http, antiforgery) is not { } form)
        {
            return DashboardEndpoints.FormRefused(http);
        }

        if (!form.IsConfirmed())
        {
            var (filter, page) = Back(form);
            return await QueuePageAsync(http, reports, links, site, filter, page, new DashboardNotice(SiteForms.UnconfirmedTakedown, IsError: true), StatusCodes.Status400BadRequest, ct);
        }

        // The same kill switch as the title page's takedown and the bot's Take down button, run by the use case.
        var result = await reports.TakeDownAsync(id, Platform.Policies.AdminActor(http.User), form.Text("note"), ct);
        return await AnswerAsync(http, reports, notices, links, site, form, result, ct);
    }

    /// <summary>A decision goes back to the list the admin came from with its notice; a refusal shows that list at once
    /// with the reason (404 for an unknown report, 409 for one already decided).</summary>
    private static async Task<IResult> AnswerAsync(HttpContext http, AbuseReports reports, DashboardNotices notices, DashboardLinks links, SiteLinks site, IFormCollection form, DecisionResult result, CancellationToken ct)
    {
        var (filter, page) = Back(form);
        if (result.Outcome == DecisionOutcome.Decided)
        {
            return TypedResults.Redirect(links.Reports(filter, page, notices.Seal(new DashboardNotice(result.Message))));
        }

        var status = result.Outcome == DecisionOutcome.AlreadyDecided ? StatusCodes.Status409Conflict : StatusCodes.Status404NotFound;
        return await QueuePageAsync(http, reports, links, site, filter, page, new DashboardNotice(result.Message, IsError: true), status, ct);
    }

    private static (ReportFilter Filter, int Page) Back(IFormCollection form) =>
        (ParseFilter(form.Text("status")), DashboardEndpoints.PageNumber(form.Text("page")));

    private static async Task<RazorComponentResult<ReportsPage>> QueuePageAsync(HttpContext http, AbuseReports reports, DashboardLinks links, SiteLinks site, ReportFilter filter, int page, DashboardNotice? notice, int status, CancellationToken ct)
    {
        AbuseReportStatus? wanted = filter switch
        {
            ReportFilter.TakenDown => AbuseReportStatus.TakenDown,
            ReportFilter.Dismissed => AbuseReportStatus.Dismissed,
            ReportFilter.All => null,
            _ => AbuseReportStatus.Open,
        };
        var list = await reports.ListAsync(wanted, page, ct);
        var pageCount = Math.Max(1, (list.Total + list.PageSize - 1) / list.PageSize);
        if (list.Page > pageCount)
        {
            // Past the end (the last report of the last page was just decided): show the last page instead.
            list = await reports.ListAsync(wanted, pageCount, ct);
        }

        var rows = list.Reports.Select(r => new ReportRow(r, site.Title(r.TitleId, string.Empty), links.Title(r.TitleId))).ToList();
        var result = DashboardEndpoints.Page<ReportsPage>(http, "Reports", "reports", new ReportQueueModel(filter, list.Page, pageCount, list.Total, rows, notice));
        result.StatusCode = status;
        return result;
    }
}
