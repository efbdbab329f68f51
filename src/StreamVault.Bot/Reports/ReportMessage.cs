using System.Globalization;
using System.Text;
using StreamVault.Catalog.Reports;
using StreamVault.Data.Entities;
using Telegram.Bot.Types.ReplyMarkups;

namespace StreamVault.Bot.Reports;

/// <summary>
/// How an abuse report reads in the bot: the same text in the notification, in /reports and after a decision, so every
/// copy of it says the same. Plain text (the bot sends no parse mode): a visitor's details and contact can hold any
/// characters and are never markup.
/// </summary>
internal static class ReportMessage
{
    // A folded report's details can grow to several thousand characters; the message shows the start and the dashboard the rest.
    internal const int DetailsShown = 1500;

    public static string Text(AbuseReportView report, string? outcome = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder()
            .Append("Abuse report ").Append(report.Id).Append('\n')
            .Append("Title: \"").Append(report.TitleName).Append("\" (").Append(report.TitleId).Append(")\n")
            .Append("Reason: ").Append(Reason(report.Reason)).Append('\n');
        if (report.Details.Length > 0)
        {
            text.Append("Details: ").Append(report.Details.Length <= DetailsShown ? report.Details : string.Concat(report.Details.AsSpan(0, DetailsShown), " …")).Append('\n');
        }

        text.Append("Contact: ").Append(report.Contact ?? "none given").Append('\n')
            .Append("When: ").Append(When(report.CreatedAt));
        if (report.Status != AbuseReportStatus.Open)
        {
            text.Append("\n\n").Append(report.Status == AbuseReportStatus.TakenDown ? "Taken down" : "Dismissed")
                .Append(" by ").Append(report.DecidedBy).Append(" at ").Append(report.DecidedAt is { } at ? When(at) : "?").Append('.');
        }

        if (outcome is not null)
        {
            text.Append('\n').Append(outcome);
        }

        return text.ToString();
    }

    /// <summary>Take down / Dismiss while the report is open; no buttons once it is decided.</summary>
    public static InlineKeyboardMarkup? Buttons(AbuseReportView report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Status != AbuseReportStatus.Open ? null : new InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton.WithCallbackData("Take down", $"{ReportButtons.DataPrefix}:take:{report.Id}"),
                InlineKeyboardButton.WithCallbackData("Dismiss", $"{ReportButtons.DataPrefix}:dismiss:{report.Id}"),
            ],
        ]);
    }

    /// <summary>The short notice for a press on a report someone already decided.</summary>
    public static string Already(AbuseReportView report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"Already {(report.Status == AbuseReportStatus.TakenDown ? "taken down" : "dismissed")} by {report.DecidedBy}";
    }

    private static string Reason(AbuseReason reason) => reason switch
    {
        AbuseReason.Copyright => "copyright",
        AbuseReason.Illegal => "illegal content",
        AbuseReason.Spam => "spam",
        _ => "other",
    };

    private static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
