using StreamVault.Bot.Access;
using StreamVault.Bot.Sending;
using StreamVault.Bot.Updates;
using StreamVault.Catalog.Reports;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.ReplyMarkups;

namespace StreamVault.Bot.Reports;

/// <summary>
/// A new abuse report reaches the owner and every admin in their private chat, with Take down / Dismiss buttons
/// (<see cref="ReportButtons"/>). The visitor who filed it does not wait for Telegram: the list of admins is read now,
/// the messages go out in the background through the per-chat limiter. An admin who never started the bot, or blocked
/// it, answers 403; that is logged and the others still get theirs.
/// </summary>
internal sealed partial class BotAbuseReportNotifier(BotAccess access, IBotReplies replies, ReportCopies copies, BotBackgroundWork background, ILogger<BotAbuseReportNotifier> logger) : IAbuseReportNotifier
{
    public async Task NotifyAsync(AbuseReportView report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var admins = await access.AdminIdsAsync(cancellationToken);
        var text = ReportMessage.Text(report);
        var buttons = ReportMessage.Buttons(report);
        // Not the request's token: the visitor's page may be done long before every admin's chat has its slot.
        background.Run(stopping => Task.WhenAll(admins.Select(admin => SendAsync(admin, report.Id, text, buttons, stopping))));
    }

    private async Task SendAsync(long adminId, string reportId, string text, InlineKeyboardMarkup? buttons, CancellationToken cancellationToken)
    {
        try
        {
            var sent = await replies.SendAsync(adminId, text, buttons, cancellationToken);
            copies.Add(reportId, adminId, sent.MessageId);
        }
        catch (RequestException ex)
        {
            // A refusal by Telegram (ApiRequestException: 403 for a user who blocked the bot) or no answer at all.
            LogNotDelivered(logger, reportId, adminId, (ex as ApiRequestException)?.ErrorCode ?? 0, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Abuse report {ReportId} did not reach admin {AdminId} ({Code}: {Reason}); has that admin started the bot?")]
    private static partial void LogNotDelivered(ILogger logger, string reportId, long adminId, int code, string reason);
}
