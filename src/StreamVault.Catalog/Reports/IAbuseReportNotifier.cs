namespace StreamVault.Catalog.Reports;

/// <summary>Tells someone (the bot's admins) that a new report arrived. A failing notifier never refuses the report.</summary>
public interface IAbuseReportNotifier
{
    Task NotifyAsync(AbuseReportView report, CancellationToken cancellationToken);
}
