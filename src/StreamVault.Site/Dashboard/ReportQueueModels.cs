using StreamVault.Catalog.Reports;

namespace StreamVault.Site.Dashboard;

// View models of the dashboard's abuse-report queue. Ids are public ids.
#pragma warning disable CA1054, CA1056

/// <summary>Which reports the queue lists; the words match /api/admin/reports' status.</summary>
public enum ReportFilter
{
    Open,
    TakenDown,
    Dismissed,
    All,
}

public sealed record ReportQueueModel(ReportFilter Filter, int Page, int PageCount, int Total, IReadOnlyList<ReportRow> Reports, DashboardNotice? Notice = null);

/// <summary>One report with the title's public page and its dashboard page.</summary>
public sealed record ReportRow(AbuseReportView Report, string PublicUrl, string DashboardUrl);
#pragma warning restore CA1054, CA1056
