namespace StreamVault.Site.Dashboard;

/// <summary>Names of the dashboard's endpoints; <see cref="DashboardLinks"/> builds every URL from them.</summary>
public static class DashboardRoutes
{
    public const string Overview = "dashboard.overview";
    public const string Titles = "dashboard.titles";
    public const string Title = "dashboard.title";
    public const string TitleTakedown = "dashboard.title-takedown";
    public const string Mirror = "dashboard.mirror";
    public const string Jobs = "dashboard.jobs";
    public const string StartImport = "dashboard.start-import";
    public const string StartLeech = "dashboard.start-leech";
    public const string Job = "dashboard.job";
    public const string JobProgress = "dashboard.job-progress";
    public const string CancelJob = "dashboard.cancel-job";
    public const string Swarm = "dashboard.swarm";
    public const string Delivery = "dashboard.delivery";
    public const string Audit = "dashboard.audit";
    public const string Reports = "dashboard.reports";
    public const string DismissReport = "dashboard.report-dismiss";
    public const string TakeDownReport = "dashboard.report-takedown";
    public const string Sessions = "dashboard.sessions";
    public const string SessionBot = "dashboard.session-bot";
    public const string SessionImport = "dashboard.session-import";
    public const string SessionRemove = "dashboard.session-remove";
}
