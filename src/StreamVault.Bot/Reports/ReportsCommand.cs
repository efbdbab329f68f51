using System.Globalization;
using StreamVault.Bot.Commands;
using StreamVault.Catalog.Reports;
using StreamVault.Data.Entities;

namespace StreamVault.Bot.Reports;

/// <summary>/reports: the open abuse reports, newest first, one message each with its Take down / Dismiss buttons (so a
/// decision edits that report's message alone). At most <see cref="Shown"/>: the per-chat limit sends about one message
/// a second, and the rest are counted in a last line.</summary>
internal sealed class ReportsCommand(AbuseReports reports, ReportCopies copies) : IBotCommand
{
    public const int Shown = 10;

    public string Name => "reports";

    public string Usage => "/reports";

    public string Description => "Open abuse reports, with Take down / Dismiss buttons";

    public bool OwnerOnly => false;

    public bool PrivateChatOnly => false;

    public async Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var open = await reports.ListAsync(AbuseReportStatus.Open, 1, cancellationToken);
        if (open.Total == 0)
        {
            await context.ReplyAsync("No open reports.", cancellationToken);
            return;
        }

        foreach (var report in open.Reports.Take(Shown))
        {
            var sent = await context.ReplyAsync(ReportMessage.Text(report), ReportMessage.Buttons(report)!, cancellationToken);
            copies.Add(report.Id, context.ChatId, sent.MessageId);
        }

        if (open.Total > Shown)
        {
            await context.ReplyAsync(string.Create(CultureInfo.InvariantCulture, $"{open.Total - Shown} more open report(s) not shown: decide these and send /reports again, or see the dashboard's reports page."), cancellationToken);
        }
    }
}
