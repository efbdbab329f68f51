namespace StreamVault.Site.Dashboard;

/// <summary>The dashboard's URLs, built by the router from endpoint names, so each template is written once.</summary>
public sealed class DashboardLinks(LinkGenerator routes)
{
    public string Overview() => Path(DashboardRoutes.Overview, []);

    public string Titles(string? query = null, TitleListState state = TitleListState.All, int page = 1)
    {
        var values = new RouteValueDictionary();
        if (!string.IsNullOrEmpty(query))
        {
            values["q"] = query;
        }

        if (state != TitleListState.All)
        {
            values["state"] = state == TitleListState.Listed ? "listed" : "removed";
        }

        if (page > 1)
        {
            values["page"] = page;
        }

        return Path(DashboardRoutes.Titles, values);
    }

    public string Title(string publicId) => Path(DashboardRoutes.Title, new() { ["id"] = publicId });

    public string TitleTakedown(string publicId) => Path(DashboardRoutes.TitleTakedown, new() { ["id"] = publicId });

    public string Mirror(string mediaPublicId) => Path(DashboardRoutes.Mirror, new() { ["id"] = mediaPublicId });

    public string Jobs() => Path(DashboardRoutes.Jobs, []);

    public string StartImport() => Path(DashboardRoutes.StartImport, []);

    public string StartLeech() => Path(DashboardRoutes.StartLeech, []);

    public string Job(string id) => Path(DashboardRoutes.Job, new() { ["id"] = id });

    public string JobProgress(string id) => Path(DashboardRoutes.JobProgress, new() { ["id"] = id });

    public string CancelJob(string id) => Path(DashboardRoutes.CancelJob, new() { ["id"] = id });

    public string Swarm() => Path(DashboardRoutes.Swarm, []);

    public string Delivery() => Path(DashboardRoutes.Delivery, []);

    public string Audit(string? query = null, int page = 1)
    {
        var values = new RouteValueDictionary();
        if (!string.IsNullOrEmpty(query))
        {
            values["q"] = query;
        }

        if (page > 1)
        {
            values["page"] = page;
        }

        return Path(DashboardRoutes.Audit, values);
    }

    /// <summary>The report queue; <paramref name="notice"/> is a notice sealed by <see cref="DashboardNotices"/>.</summary>
    public string Reports(ReportFilter filter = ReportFilter.Open, int page = 1, string? notice = null)
    {
        var values = new RouteValueDictionary();
        if (filter != ReportFilter.Open)
        {
            values["status"] = ReportQueueEndpoints.FilterName(filter);
        }

        if (page > 1)
        {
            values["page"] = page;
        }

        if (notice is not null)
        {
            values["notice"] = notice;
        }

        return Path(DashboardRoutes.Reports, values);
    }

    public string DismissReport(string reportId) => Path(DashboardRoutes.DismissReport, new() { ["id"] = reportId });

    public string TakeDownReport(string reportId) => Path(DashboardRoutes.TakeDownReport, new() { ["id"] = reportId });

    public string Sessions() => Path(DashboardRoutes.Sessions, []);

    public string SessionBot() => Path(DashboardRoutes.SessionBot, []);

    public string SessionImport() => Path(DashboardRoutes.SessionImport, []);

    public string SessionRemove(string id) => Path(DashboardRoutes.SessionRemove, new() { ["id"] = id });

    private string Path(string endpoint, RouteValueDictionary values) =>
        routes.GetPathByName(endpoint, values) ?? throw new InvalidOperationException($"No endpoint is named {endpoint}: MapDashboard was not called.");
}
