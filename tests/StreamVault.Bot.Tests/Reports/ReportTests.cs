using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Bot.Tests.Infrastructure;
using StreamVault.Bot.Updates;
using StreamVault.BotApi.StandIn;
using StreamVault.Catalog.Reports;
using StreamVault.Core.Catalog;
using StreamVault.Data;
using StreamVault.Data.Entities;

namespace StreamVault.Bot.Tests.Reports;

/// <summary>Abuse reports in the manager bot: the notification to every admin with Take down / Dismiss, the decision
/// through the buttons (take down confirms first), presses on decided reports, strangers, /reports, a blocked admin.</summary>
public sealed class ReportTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    private static int s_requester = 10;

    private BotHost Host => fixture.Host;

    [Fact]
    public async Task A_report_reaches_every_admin_and_take_down_asks_first_then_tombstones_the_title_and_says_who()
    {
        var titleId = await DemoTitleAsync("Aurora Drift");
        var reportId = await ReportAsync(titleId, AbuseReason.Copyright, "DMCA notice <b>42</b> & _more_", "legal@example.com");

        var owner = await NotificationAsync(BotHost.OwnerId, reportId);
        var admin = await NotificationAsync(BotHost.ConfiguredAdminId, reportId);
        foreach (var copy in new[] { owner, admin })
        {
            Assert.Contains($"Title: \"Aurora Drift\" ({titleId})", copy.Text, StringComparison.Ordinal);
            Assert.Contains("Reason: copyright", copy.Text, StringComparison.Ordinal);
            // Plain text: the visitor's words arrive as typed, never as markup.
            Assert.Contains("Details: DMCA notice <b>42</b> & _more_", copy.Text, StringComparison.Ordinal);
            Assert.Contains("Contact: legal@example.com", copy.Text, StringComparison.Ordinal);
            Assert.Matches(@"When: \d{4}-\d\d-\d\d \d\d:\d\d UTC", copy.Text);
            Assert.Equal(["Take down", "Dismiss"], copy.Buttons.Single().Select(b => b.Text));
        }

        // Take down asks; Cancel puts the report back as it was.
        var ask = Host.StandIn.PressButton(BotHost.ConfiguredAdminId, admin, "Take down");
        Assert.Equal("Confirm the takedown", await Host.StandIn.WaitForCallbackAnswerAsync(ask));
        var question = Current(BotHost.ConfiguredAdminId, admin);
        Assert.Contains("Take down \"Aurora Drift\"?", question.Text, StringComparison.Ordinal);
        Assert.Equal(["Yes, take it down", "Cancel"], question.Buttons.Single().Select(b => b.Text));
        Assert.Equal("Cancelled", await Host.StandIn.WaitForCallbackAnswerAsync(Host.StandIn.PressButton(BotHost.ConfiguredAdminId, question, "Cancel")));
        Assert.Equal(["Take down", "Dismiss"], Current(BotHost.ConfiguredAdminId, admin).Buttons.Single().Select(b => b.Text));
        Assert.Null(await RemovedAtAsync(titleId));

        Host.StandIn.PressButton(BotHost.ConfiguredAdminId, admin, "Take down");
        question = await Host.StandIn.WaitForMessageAsync(BotHost.ConfiguredAdminId, m => m.MessageId == admin.MessageId && m.Buttons.Count > 0 && m.Buttons[0][0].Text == "Yes, take it down");
        var yes = Host.StandIn.PressButton(BotHost.ConfiguredAdminId, question, "Yes, take it down");
        Assert.Equal("Taking it down", await Host.StandIn.WaitForCallbackAnswerAsync(yes));
        var decided = await Host.StandIn.WaitForMessageAsync(BotHost.ConfiguredAdminId, m => m.MessageId == admin.MessageId && m.Text.Contains("Taken down by telegram:2002", StringComparison.Ordinal));
        Assert.Contains("Aurora Drift taken down; 1 open report(s) closed.", decided.Text, StringComparison.Ordinal);
        Assert.Empty(decided.Buttons);
        Assert.NotNull(await RemovedAtAsync(titleId));

        // The owner's copy says so too, without buttons; a press on it from before (and a double tap on the spent question) answers "already".
        var ownerCopy = await Host.StandIn.WaitForMessageAsync(BotHost.OwnerId, m => m.MessageId == owner.MessageId && m.Text.Contains("Taken down by telegram:2002", StringComparison.Ordinal));
        Assert.Empty(ownerCopy.Buttons);
        Assert.Equal("Already taken down by telegram:2002", await Host.StandIn.WaitForCallbackAnswerAsync(Host.StandIn.PressButton(BotHost.ConfiguredAdminId, question, "Yes, take it down")));
        Assert.Equal("Already taken down by telegram:2002", await Host.StandIn.WaitForCallbackAnswerAsync(Host.StandIn.PressButton(BotHost.OwnerId, owner, "Dismiss")));

        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var report = await db.AbuseReports.AsNoTracking().SingleAsync(r => r.PublicId == reportId);
        Assert.Equal((AbuseReportStatus.TakenDown, "telegram:2002"), (report.Status, report.DecidedBy));
        Assert.Equal("telegram:2002", (await db.Audit.AsNoTracking().SingleAsync(a => a.Action == "report.takedown" && a.Target == reportId)).Actor);
        Assert.Equal("telegram:2002", (await db.Audit.AsNoTracking().SingleAsync(a => a.Action == "title.remove" && a.Target == titleId)).Actor);
        Assert.Contains(await Host.AuditOfAsync(BotHost.ConfiguredAdminId), a => a.Action == "bot.button" && a.Detail == $"rp:take:{reportId}");
    }

    [Fact]
    public async Task Dismiss_decides_at_once_and_every_later_press_says_already()
    {
        var titleId = await NewTitleAsync("Harmless Film");
        var reportId = await ReportAsync(titleId, AbuseReason.Spam, "", null);
        var owner = await NotificationAsync(BotHost.OwnerId, reportId);
        var admin = await NotificationAsync(BotHost.ConfiguredAdminId, reportId);
        Assert.Contains("Contact: none given", owner.Text, StringComparison.Ordinal);

        Assert.Equal("Dismissed", await Host.StandIn.WaitForCallbackAnswerAsync(Host.StandIn.PressButton(BotHost.OwnerId, owner, "Dismiss")));
        var decided = Current(BotHost.OwnerId, owner);
        Assert.Contains("Dismissed by telegram:1001", decided.Text, StringComparison.Ordinal);
        Assert.Empty(decided.Buttons);

        // The admin's copy loses its buttons as well; presses from before answer "already".
        var adminCopy = await Host.StandIn.WaitForMessageAsync(BotHost.ConfiguredAdminId, m => m.MessageId == admin.MessageId && m.Text.Contains("Dismissed by telegram:1001", StringComparison.Ordinal));
        Assert.Empty(adminCopy.Buttons);
        Assert.Equal("Already dismissed by telegram:1001", await Host.StandIn.WaitForCallbackAnswerAsync(Host.StandIn.PressButton(BotHost.OwnerId, owner, "Dismiss")));
        Assert.Equal("Already dismissed by telegram:1001", await Host.StandIn.WaitForCallbackAnswerAsync(Host.StandIn.PressButton(BotHost.ConfiguredAdminId, admin, "Take down")));
        Assert.Null(await RemovedAtAsync(titleId));

        await using var scope = Host.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Audit.AsNoTracking().SingleAsync(a => a.Action == "report.dismiss" && a.Target == reportId);
        Assert.Equal("telegram:1001", audit.Actor);
    }

    [Fact]
    public async Task A_stranger_pressing_a_report_button_is_refused_audited_and_changes_nothing()
    {
        const long stranger = 888_003;
        var titleId = await NewTitleAsync("Contested Film");
        var reportId = await ReportAsync(titleId, AbuseReason.Illegal, "not allowed here", null);
        var admin = await NotificationAsync(BotHost.ConfiguredAdminId, reportId);

        foreach (var button in new[] { "Take down", "Dismiss" })
        {
            Assert.Equal(UpdateDispatcher.Refusal, await Host.StandIn.WaitForCallbackAnswerAsync(Host.StandIn.PressButton(stranger, admin, button)));
        }

        Assert.Equal(["Take down", "Dismiss"], Current(BotHost.ConfiguredAdminId, admin).Buttons.Single().Select(b => b.Text));
        Assert.Null(await RemovedAtAsync(titleId));
        Assert.Equal(AbuseReportStatus.Open, await StatusAsync(reportId));
        var audit = await Host.AuditOfAsync(stranger);
        Assert.Equal([$"rp:take:{reportId}", $"rp:dismiss:{reportId}"], audit.Where(a => a.Action == "bot.refused" && a.Target == "button").Select(a => a.Detail));
    }

    [Fact]
    public async Task An_admin_who_blocked_the_bot_does_not_stop_the_others_nor_the_report()
    {
        const long blocking = 3003;
        Assert.Equal("3003 is now an admin of the bot.", (await Host.AskInAsync(BotHost.OwnerId, -8101, "/admins add 3003")).Text);
        Host.StandIn.Block(blocking);
        try
        {
            var titleId = await NewTitleAsync("Blocked Film");
            var reportId = await ReportAsync(titleId, AbuseReason.Other, "something is off", "me@example.org");
            await NotificationAsync(BotHost.OwnerId, reportId);
            await NotificationAsync(BotHost.ConfiguredAdminId, reportId);
            await Host.Services.GetRequiredService<BotBackgroundWork>().IdleAsync();
            Assert.Empty(Host.StandIn.State.BotMessages(blocking));
            Assert.Equal(AbuseReportStatus.Open, await StatusAsync(reportId));
        }
        finally
        {
            await Host.AskInAsync(BotHost.OwnerId, -8101, "/admins remove 3003");
        }
    }

    [Fact]
    public async Task Reports_lists_the_open_ones_newest_first_with_their_buttons_and_counts_the_rest()
    {
        const long chat = -8201;
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            // The other tests' reports are decided first, so the queue is empty.
            await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().AbuseReports.Where(r => r.Status == AbuseReportStatus.Open)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, AbuseReportStatus.Dismissed).SetProperty(r => r.DecidedBy, "test"));
        }

        Assert.Equal("No open reports.", (await Host.AskInAsync(BotHost.ConfiguredAdminId, chat, "/reports")).Text);

        // Straight into the queue (no notifications): twelve reports of one title, a minute apart.
        var titleId = await NewTitleAsync("Much Reported Film");
        var ids = new List<string>();
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var title = await db.Titles.SingleAsync(t => t.PublicId == titleId);
            var start = DateTime.UtcNow.AddHours(-1);
            for (var i = 0; i < 12; i++)
            {
                var report = new AbuseReport { PublicId = PublicIds.New(), TitleId = title.Id, Reason = AbuseReason.Spam, Details = $"spam number {i}", CreatedAt = start.AddMinutes(i), RequesterKey = "test-" + i, Status = AbuseReportStatus.Open };
                db.AbuseReports.Add(report);
                ids.Add(report.PublicId);
            }

            await db.SaveChangesAsync();
        }

        var before = Host.StandIn.State.BotMessages(chat).Count;
        Host.StandIn.SendText(BotHost.ConfiguredAdminId, chat, "/reports");
        await Host.StandIn.WaitForMessageAsync(chat, m => m.Text.StartsWith("2 more open report(s) not shown", StringComparison.Ordinal));
        var listed = Host.StandIn.State.BotMessages(chat).Skip(before).ToList();
        Assert.Equal(11, listed.Count);
        var newestFirst = Enumerable.Reverse(ids).Take(10).ToList();
        Assert.Equal(newestFirst.Select(id => $"Abuse report {id}"), listed.Take(10).Select(m => m.Text.Split('\n')[0]));
        Assert.All(listed.Take(10), m => Assert.Equal(["Take down", "Dismiss"], m.Buttons.Single().Select(b => b.Text)));
        Assert.Empty(listed[10].Buttons);

        // Its buttons are the notification's.
        Assert.Equal("Dismissed", await Host.StandIn.WaitForCallbackAnswerAsync(Host.StandIn.PressButton(BotHost.ConfiguredAdminId, listed[0], "Dismiss")));
        Assert.Equal(AbuseReportStatus.Dismissed, await StatusAsync(newestFirst[0]));

        var stranger = await Host.AskAsync(888_004, "/reports");
        Assert.Equal(UpdateDispatcher.Refusal, stranger.Text);
    }

    private StandInMessage Current(long chatId, StandInMessage message) =>
        Host.StandIn.State.BotMessages(chatId).Single(m => m.MessageId == message.MessageId);

    private Task<StandInMessage> NotificationAsync(long adminId, string reportId) =>
        Host.StandIn.WaitForMessageAsync(adminId, m => m.Text.StartsWith($"Abuse report {reportId}\n", StringComparison.Ordinal));

    /// <summary>Filed as a visitor would (each test from its own address, so the hourly limit never applies).</summary>
    private async Task<string> ReportAsync(string titleId, AbuseReason reason, string details, string? contact)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var address = IPAddress.Parse("198.51.100." + Interlocked.Increment(ref s_requester).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = await scope.ServiceProvider.GetRequiredService<AbuseReports>().SubmitAsync(titleId, reason, details, contact, address, CancellationToken.None);
        Assert.Equal(SubmitOutcome.Accepted, result.Outcome);
        return result.ReportId!;
    }

    private async Task<string> DemoTitleAsync(string name)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Titles.AsNoTracking().Where(t => t.Name == name).Select(t => t.PublicId).SingleAsync();
    }

    /// <summary>A title of its own for a test (a catalogue row is all a report needs).</summary>
    private async Task<string> NewTitleAsync(string name)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var now = DateTime.UtcNow;
        var title = new Title { PublicId = PublicIds.New(), Kind = TitleKind.Movie, Name = name, NormalizedName = name.ToUpperInvariant(), Slug = "t-" + Guid.NewGuid().ToString("N")[..8], CreatedAt = now, UpdatedAt = now };
        db.Titles.Add(title);
        await db.SaveChangesAsync();
        return title.PublicId;
    }

    private async Task<DateTime?> RemovedAtAsync(string titleId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Titles.AsNoTracking().Where(t => t.PublicId == titleId).Select(t => t.RemovedAt).SingleAsync();
    }

    private async Task<AbuseReportStatus> StatusAsync(string reportId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().AbuseReports.AsNoTracking().Where(r => r.PublicId == reportId).Select(r => r.Status).SingleAsync();
    }
}
