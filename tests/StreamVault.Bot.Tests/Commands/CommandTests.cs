using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Bot.Tests.Infrastructure;
using StreamVault.Bot.Updates;
using StreamVault.Data;
using StreamVault.Delivery.Policy;
using StreamVault.Delivery.Streaming;

namespace StreamVault.Bot.Tests.Commands;

/// <summary>Every command through the Bot API stand-in, as the owner, a configured admin and a stranger, on the real
/// server with the demo titles.</summary>
public sealed class CommandTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    private BotHost Host => fixture.Host;

    [Fact]
    public async Task A_stranger_gets_one_short_refusal_and_nothing_else_and_it_is_audited()
    {
        const long stranger = 666_001;
        foreach (var text in new[] { "/stats", "/login", "/admins add 666001", "hello" })
        {
            var reply = await Host.AskAsync(stranger, text);
            Assert.Equal(UpdateDispatcher.Refusal, reply.Text);
            Assert.Empty(reply.Buttons);
        }

        // The bot handles updates in order: once the owner's reply is in, nothing more is coming to the stranger.
        await Host.AskAsync(BotHost.OwnerId, "/jobs");
        Assert.Equal(4, Host.StandIn.State.BotMessages(stranger).Count);
        Assert.All(Host.StandIn.State.BotMessages(stranger), m => Assert.Equal(UpdateDispatcher.Refusal, m.Text));

        var audit = await Host.AuditOfAsync(stranger);
        Assert.Equal(["bot.refused", "bot.refused", "bot.refused", "bot.refused"], audit.Select(a => a.Action));
        Assert.Equal(["/stats", "/login", "/admins", "message"], audit.Select(a => a.Target));
        await using var scope = Host.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().BotAdmins.AnyAsync(a => a.TelegramUserId == stranger));
    }

    [Fact]
    public async Task Help_lists_the_registered_commands_the_user_may_use()
    {
        var owner = await Host.AskAsync(BotHost.OwnerId, "/start");
        foreach (var command in new[] { "/help", "/login", "/stats", "/workers", "/takedown", "/import", "/index", "/leech", "/jobs", "/cancel", "/reports", "/admins", "/session_import" })
        {
            Assert.Contains(command, owner.Text, StringComparison.Ordinal);
        }

        var admin = await Host.AskAsync(BotHost.ConfiguredAdminId, "/help");
        Assert.Contains("/stats", admin.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("/admins", admin.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("/session_import", admin.Text, StringComparison.Ordinal);
        Assert.Contains("/import", admin.Text, StringComparison.Ordinal);

        // The menu Telegram shows was set at start from the same registry, without the owner's commands.
        Assert.Contains("takedown", Host.StandIn.State.Commands.Keys);
        Assert.DoesNotContain("admins", Host.StandIn.State.Commands.Keys);
    }

    [Fact]
    public async Task Login_sends_a_one_time_link_that_signs_in_as_admin_only_in_a_private_chat()
    {
        var reply = await Host.AskAsync(BotHost.ConfiguredAdminId + 1_000, "/login");
        Assert.Equal(UpdateDispatcher.Refusal, reply.Text);

        var group = await Host.AskInAsync(BotHost.ConfiguredAdminId, -5001, "/login");
        Assert.DoesNotContain("/signin/", group.Text, StringComparison.Ordinal);
        Assert.Contains("private chat", group.Text, StringComparison.Ordinal);

        var login = await Host.AskAsync(BotHost.ConfiguredAdminId, "/login");
        var path = login.Text.Split(' ', '\n').Single(w => w.Contains("/signin/", StringComparison.Ordinal));
        using var first = await Host.Client.GetAsync(new Uri(path.StartsWith('/') ? path : new Uri(path).PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var cookie = first.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sv_auth=", StringComparison.Ordinal)).Split(';')[0];
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        me.Headers.Add("Cookie", cookie);
        using var who = await Host.Client.SendAsync(me);
        Assert.Contains("\"Admin\"", await who.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var again = await Host.Client.GetAsync(new Uri(path.StartsWith('/') ? path : new Uri(path).PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);

        var audit = await Host.AuditOfAsync(BotHost.ConfiguredAdminId);
        Assert.Contains(audit, a => a.Action == "bot.refused" && a.Target == "/login");
        Assert.Contains(audit, a => a.Action == "bot.command" && a.Target == "/login");
    }

    [Fact]
    public async Task Stats_and_workers_report_what_the_server_has()
    {
        var stats = await Host.AskAsync(BotHost.OwnerId + 1, "/stats");
        Assert.Equal(UpdateDispatcher.Refusal, stats.Text);

        string play;
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var file = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.OrderBy(f => f.Id).FirstAsync();
            play = scope.ServiceProvider.GetRequiredService<IMediaLinks>().Play(file, DeliveryPolicy.Default)!;
        }

        using (var watched = await Host.Client.GetAsync(play))
        {
            Assert.Equal(HttpStatusCode.OK, watched.StatusCode);
        }

        stats = await Host.AskInAsync(BotHost.ConfiguredAdminId, -5002, "/stats");
        Assert.Matches(@"Titles: \d+ \(\d+ taken down\)", stats.Text);
        Assert.Matches(@"Viewers now: [1-9]\d* \(", stats.Text);
        Assert.Contains("Media files: ", stats.Text, StringComparison.Ordinal);
        Assert.Matches(@"Slice cache: [\d.]+% hits \(\d+ of \d+\)", stats.Text);
        Assert.Contains("Sessions: 0", stats.Text, StringComparison.Ordinal);

        var workers = await Host.AskInAsync(BotHost.ConfiguredAdminId, -5002, "/workers");
        Assert.Contains("No Telegram sessions", workers.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_and_cancel_answer_for_unknown_and_finished_jobs()
    {
        const long chat = -5003;
        var jobs = Host.Services.GetRequiredService<StreamVault.Catalog.Jobs.IOperatorJobs>();
        var gate = new TaskCompletionSource();
        var running = jobs.Start("test", "A test job", "test", async p =>
        {
            p.Report("waiting for the test");
            await gate.Task.WaitAsync(p.Cancellation);
            return "done";
        });

        var list = await Host.AskInAsync(BotHost.OwnerId, chat, "/jobs");
        Assert.Contains(running.Id + ": running", list.Text, StringComparison.Ordinal);
        Assert.Contains("waiting for the test", list.Text, StringComparison.Ordinal);

        var unknown = await Host.AskInAsync(BotHost.OwnerId, chat, "/cancel nope-1");
        Assert.Equal("No job nope-1. See /jobs.", unknown.Text);

        var cancel = await Host.AskInAsync(BotHost.ConfiguredAdminId, chat, "/cancel " + running.Id);
        Assert.Equal($"Asked {running.Id} to stop.", cancel.Text);
        Assert.Equal(StreamVault.Catalog.Jobs.JobState.Cancelled, (await jobs.WaitAsync(running.Id, CancellationToken.None))!.State);

        var again = await Host.AskInAsync(BotHost.ConfiguredAdminId, chat, "/cancel " + running.Id);
        Assert.Equal($"{running.Id} has already ended.", again.Text);
        gate.SetResult();
    }

    [Fact]
    public async Task The_owner_adds_and_removes_admins_and_nobody_else_may()
    {
        const long newcomer = 777_001;
        Assert.Equal(UpdateDispatcher.Refusal, (await Host.AskAsync(newcomer, "/stats")).Text);

        var refused = await Host.AskInAsync(BotHost.ConfiguredAdminId, -5004, "/admins add 777002");
        Assert.Equal("Only the owner may do that.", refused.Text);

        var added = await Host.AskInAsync(BotHost.OwnerId, -5004, "/admins add 777001");
        Assert.Equal("777001 is now an admin of the bot.", added.Text);
        Assert.StartsWith("Titles:", (await Host.AskAsync(newcomer, "/stats")).Text, StringComparison.Ordinal);

        var list = await Host.AskInAsync(BotHost.OwnerId, -5004, "/admins");
        Assert.Contains("Added here: 777001", list.Text, StringComparison.Ordinal);
        Assert.Contains("From configuration: 2002", list.Text, StringComparison.Ordinal);

        Assert.Contains("change it there", (await Host.AskInAsync(BotHost.OwnerId, -5004, "/admins remove 2002")).Text, StringComparison.Ordinal);
        Assert.Contains("Usage:", (await Host.AskInAsync(BotHost.OwnerId, -5004, "/admins add bob")).Text, StringComparison.Ordinal);
        Assert.Equal("777001 may no longer command the bot.", (await Host.AskInAsync(BotHost.OwnerId, -5004, "/admins remove 777001")).Text);
        Assert.Equal(UpdateDispatcher.Refusal, (await Host.AskAsync(newcomer, "/stats")).Text);

        var audit = await Host.AuditOfAsync(BotHost.OwnerId);
        Assert.Contains(audit, a => a.Action == "bot.admin.add" && a.Target == "777001");
        Assert.Contains(audit, a => a.Action == "bot.admin.remove" && a.Target == "777001");
        Assert.Contains(await Host.AuditOfAsync(BotHost.ConfiguredAdminId), a => a.Action == "bot.refused" && a.Target == "/admins");
    }

    [Fact]
    public async Task Unknown_commands_and_commands_for_other_bots()
    {
        const long chat = -5005;
        Assert.Equal("I don't know that command. Send /help for the list.", (await Host.AskInAsync(BotHost.OwnerId, chat, "/frobnicate")).Text);
        Host.StandIn.SendText(BotHost.OwnerId, chat, "/stats@some_other_bot");
        var mine = await Host.AskInAsync(BotHost.OwnerId, chat, "/jobs@" + StreamVault.BotApi.StandIn.BotApiStandIn.BotUsername);
        // The other bot's command got no answer: the next message is the answer to /jobs.
        Assert.DoesNotContain("Titles:", mine.Text, StringComparison.Ordinal);
        Assert.Equal(2, Host.StandIn.State.BotMessages(chat).Count);
    }
}
