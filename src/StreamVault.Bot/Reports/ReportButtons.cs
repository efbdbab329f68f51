using StreamVault.Bot.Commands;
using StreamVault.Bot.Updates;
using StreamVault.Catalog.Jobs;
using StreamVault.Catalog.Reports;
using StreamVault.Data.Entities;
using Telegram.Bot.Types.ReplyMarkups;

namespace StreamVault.Bot.Reports;

/// <summary>A report's takedown waiting for its confirmation.</summary>
internal sealed record PendingReportTakedown(string ReportId, long RequestedBy);

/// <summary>
/// The Take down / Dismiss buttons under a report (the notification and /reports). Take down asks first, as /takedown
/// does, then runs <see cref="AbuseReports.TakeDownAsync"/> as a job; Dismiss decides at once. Either way the message
/// then says what was decided and by whom, without buttons, and so do the other admins' copies (<see cref="ReportCopies"/>);
/// a press on a report already decided (a double tap, a copy from before a restart, a decision made on the dashboard)
/// says so and shows the decision there too.
/// </summary>
internal sealed class ReportButtons(AbuseReports reports, BotConfirmations confirmations, IOperatorJobs jobs, ReportCopies copies, IServiceScopeFactory scopes, BotBackgroundWork background) : IBotButtonHandler
{
    public const string DataPrefix = "rp";

    public string Prefix => DataPrefix;

    public Task<string?> HandleAsync(BotButtonContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Data.Split(':') switch
        {
            ["take", var id] => AskAsync(context, id, cancellationToken),
            ["dismiss", var id] => DismissAsync(context, id, cancellationToken),
            ["yes", var id, var key] => TakeDownAsync(context, id, key, cancellationToken),
            ["no", var id, var key] => CancelAsync(context, id, key, cancellationToken),
            _ => Task.FromResult<string?>("This button no longer works."),
        };
    }

    private async Task<string?> AskAsync(BotButtonContext context, string reportId, CancellationToken cancellationToken)
    {
        if (await DecidedOrGoneAsync(context, reportId, cancellationToken) is { } answer)
        {
            return answer;
        }

        var report = (await reports.FindAsync(reportId, cancellationToken))!;
        var key = confirmations.Add(new PendingReportTakedown(reportId, context.UserId));
        var keyboard = new InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton.WithCallbackData("Yes, take it down", $"{DataPrefix}:yes:{reportId}:{key}"),
                InlineKeyboardButton.WithCallbackData("Cancel", $"{DataPrefix}:no:{reportId}:{key}"),
            ],
        ]);
        var question = $"\nTake down \"{report.TitleName}\"? Its links answer 410 at once, its bytes are deleted from every layer, and every open report of it is closed.";
        await context.Replies.EditAsync(context.ChatId, context.MessageId, ReportMessage.Text(report, question), keyboard, cancellationToken);
        return "Confirm the takedown";
    }

    private async Task<string?> CancelAsync(BotButtonContext context, string reportId, string key, CancellationToken cancellationToken)
    {
        confirmations.Take<PendingReportTakedown>(key);
        return await DecidedOrGoneAsync(context, reportId, cancellationToken) ?? await ShowAsync(context, reportId, "Cancelled", cancellationToken);
    }

    private async Task<string?> DismissAsync(BotButtonContext context, string reportId, CancellationToken cancellationToken)
    {
        var result = await reports.DismissAsync(reportId, context.Actor, null, cancellationToken);
        return result.Outcome switch
        {
            DecisionOutcome.Decided => await ShowAsync(context, reportId, "Dismissed", cancellationToken),
            _ => await DecidedOrGoneAsync(context, reportId, cancellationToken) ?? result.Message,
        };
    }

    private async Task<string?> TakeDownAsync(BotButtonContext context, string reportId, string key, CancellationToken cancellationToken)
    {
        var pending = confirmations.Take<PendingReportTakedown>(key);
        if (await DecidedOrGoneAsync(context, reportId, cancellationToken) is { } answer)
        {
            return answer;
        }

        if (pending is null || pending.ReportId != reportId)
        {
            return await ShowAsync(context, reportId, "This question has expired: press Take down again", cancellationToken);
        }

        var report = (await reports.FindAsync(reportId, cancellationToken))!;
        var actor = context.Actor;
        var job = jobs.Start("takedown", $"Takedown of \"{report.TitleName}\" (abuse report {reportId})", actor, progress => RunAsync(reportId, actor, progress));
        await context.Replies.EditAsync(context.ChatId, context.MessageId, ReportMessage.Text(report, $"\nTaking it down ({job.Id})…"), null, cancellationToken);
        var (chatId, messageId, replies) = (context.ChatId, context.MessageId, context.Replies);
        background.Run(async stopping =>
        {
            var ended = await jobs.WaitAsync(job.Id, stopping);
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<AbuseReports>().FindAsync(reportId, stopping) is not { } now)
            {
                return;
            }

            // Still open: the takedown failed (or was cancelled); the buttons come back to try again.
            var outcome = now.Status == AbuseReportStatus.Open ? $"Not taken down: {ended?.Status}" : ended?.Status;
            await replies.EditAsync(chatId, messageId, ReportMessage.Text(now, outcome), ReportMessage.Buttons(now), stopping);
            if (now.Status != AbuseReportStatus.Open)
            {
                await copies.ShowDecisionAsync(now, chatId, messageId, stopping);
            }
        });
        return "Taking it down";
    }

    private async Task<string> RunAsync(string reportId, string actor, IJobProgress progress)
    {
        progress.Report("tombstone, caches, vault…");
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AbuseReports>().TakeDownAsync(reportId, actor, null, progress.Cancellation);
        return result.Message;
    }

    /// <summary>The notice for a report that is no longer open (the message is brought up to date), or null when it
    /// is open and the press may go on.</summary>
    private async Task<string?> DecidedOrGoneAsync(BotButtonContext context, string reportId, CancellationToken cancellationToken)
    {
        var report = await reports.FindAsync(reportId, cancellationToken);
        if (report is null)
        {
            await context.Replies.EditAsync(context.ChatId, context.MessageId, $"Abuse report {reportId} no longer exists.", null, cancellationToken);
            return "No such report";
        }

        if (report.Status == AbuseReportStatus.Open)
        {
            return null;
        }

        await context.Replies.EditAsync(context.ChatId, context.MessageId, ReportMessage.Text(report), null, cancellationToken);
        OthersShow(report, context);
        return ReportMessage.Already(report);
    }

    /// <summary>Shows the report as it stands (decided, or open with its buttons); returns <paramref name="answer"/>.</summary>
    private async Task<string?> ShowAsync(BotButtonContext context, string reportId, string answer, CancellationToken cancellationToken)
    {
        if (await reports.FindAsync(reportId, cancellationToken) is { } report)
        {
            await context.Replies.EditAsync(context.ChatId, context.MessageId, ReportMessage.Text(report), ReportMessage.Buttons(report), cancellationToken);
            if (report.Status != AbuseReportStatus.Open)
            {
                OthersShow(report, context);
            }
        }

        return answer;
    }

    /// <summary>The other admins' copies lose their buttons too; in the background, as each chat has its own pace.</summary>
    private void OthersShow(AbuseReportView report, BotButtonContext context)
    {
        var (chatId, messageId) = (context.ChatId, context.MessageId);
        background.Run(ct => copies.ShowDecisionAsync(report, chatId, messageId, ct));
    }
}
