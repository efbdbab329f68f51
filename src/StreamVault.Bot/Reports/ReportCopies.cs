using StreamVault.Bot.Sending;
using StreamVault.Catalog.Reports;
using Telegram.Bot.Exceptions;

namespace StreamVault.Bot.Reports;

/// <summary>
/// Where each report's messages are — the notification in every admin's chat, the answers of /reports — so a decision
/// made on one copy takes the buttons off the others and says who decided. Kept in memory and bounded: after a restart an
/// old copy keeps its buttons, and a press on it answers "Already …" and updates it then.
/// </summary>
internal sealed partial class ReportCopies(IBotReplies replies, ILogger<ReportCopies> logger)
{
    // Reports, not messages: enough for the open queue of any real deployment.
    internal const int ReportsKept = 1000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<(long ChatId, int MessageId)>> _copies = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Add(string reportId, long chatId, int messageId)
    {
        lock (_lock)
        {
            if (!_copies.TryGetValue(reportId, out var copies))
            {
                _copies[reportId] = copies = [];
                _order.Enqueue(reportId);
                while (_order.Count > ReportsKept)
                {
                    _copies.Remove(_order.Dequeue());
                }
            }

            copies.Add((chatId, messageId));
        }
    }

    /// <summary>Shows the decided report in every copy but the one pressed (which its handler edits), and forgets them.</summary>
    public async Task ShowDecisionAsync(AbuseReportView report, long chatId, int messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        List<(long ChatId, int MessageId)> others;
        lock (_lock)
        {
            if (!_copies.Remove(report.Id, out var copies))
            {
                return;
            }

            others = [.. copies.Where(c => c != (chatId, messageId))];
        }

        var text = ReportMessage.Text(report);
        foreach (var (otherChat, otherMessage) in others)
        {
            try
            {
                await replies.EditAsync(otherChat, otherMessage, text, null, cancellationToken);
            }
            catch (RequestException ex)
            {
                // Deleted by its reader, or the admin blocked the bot since: that copy stays as it was.
                LogNotUpdated(logger, report.Id, otherChat, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A copy of abuse report {ReportId} in chat {ChatId} could not show the decision: {Reason}")]
    private static partial void LogNotUpdated(ILogger logger, string reportId, long chatId, string reason);
}
