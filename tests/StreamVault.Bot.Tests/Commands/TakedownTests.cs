using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Bot.Tests.Infrastructure;
using StreamVault.Bot.Updates;
using StreamVault.Data;
using StreamVault.Delivery.Policy;
using StreamVault.Delivery.Streaming;

namespace StreamVault.Bot.Tests.Commands;

/// <summary>/takedown: find, confirm with the inline keyboard, remove through TitleRemoval, report in the same message.</summary>
public sealed class TakedownTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    private BotHost Host => fixture.Host;

    [Fact]
    public async Task Takedown_asks_first_then_removes_the_title_so_its_links_answer_410()
    {
        const long chat = -6001;
        var (titleId, name, streamUrl) = await FirstTitleAsync();
        using (var before = await Host.Client.GetAsync(new Uri(streamUrl, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.True(before.IsSuccessStatusCode, $"the demo stream answered {before.StatusCode}");
        }

        // Cancel first: nothing happens.
        var question = await Host.AskInAsync(BotHost.ConfiguredAdminId, chat, $"/takedown {titleId} | DMCA notice 42");
        Assert.Contains($"Take down \"{name}\"", question.Text, StringComparison.Ordinal);
        Assert.Contains("Reason: DMCA notice 42", question.Text, StringComparison.Ordinal);
        Assert.Equal(["Take down", "Cancel"], question.Buttons.Single().Select(b => b.Text));
        var press = Host.StandIn.PressButton(BotHost.ConfiguredAdminId, question, "Cancel");
        Assert.Equal("Cancelled", await Host.StandIn.WaitForCallbackAnswerAsync(press));
        Assert.Contains("cancelled", Host.StandIn.State.Messages(chat).Single(m => m.MessageId == question.MessageId).Text, StringComparison.Ordinal);
        Assert.Null(await RemovedAtAsync(titleId));

        // A stranger's press of a live question is refused and changes nothing.
        question = await Host.AskInAsync(BotHost.OwnerId, chat, $"/takedown {name}\nDMCA notice 43");
        var strangerPress = Host.StandIn.PressButton(888_001, question, "Take down");
        Assert.Equal(UpdateDispatcher.Refusal, await Host.StandIn.WaitForCallbackAnswerAsync(strangerPress));
        Assert.Null(await RemovedAtAsync(titleId));

        press = Host.StandIn.PressButton(BotHost.OwnerId, question, "Take down");
        Assert.Equal("Taking it down", await Host.StandIn.WaitForCallbackAnswerAsync(press));
        var report = await Host.StandIn.WaitForMessageAsync(chat, m => m.MessageId == question.MessageId && m.Text.Contains("done", StringComparison.Ordinal));
        Assert.Contains("Taken down: its links answer 410.", report.Text, StringComparison.Ordinal);
        Assert.Contains("• catalogue: ", report.Text, StringComparison.Ordinal); // the kill switch's report, layer by layer
        Assert.Empty(report.Buttons);
        Assert.NotNull(await RemovedAtAsync(titleId));

        using (var after = await Host.Client.GetAsync(new Uri(streamUrl, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Gone, after.StatusCode);
        }

        // Pressed again (a double tap): the question is spent.
        var twice = Host.StandIn.PressButton(BotHost.OwnerId, question, "Take down");
        Assert.Equal("Expired", await Host.StandIn.WaitForCallbackAnswerAsync(twice));

        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var removal = await db.Audit.AsNoTracking().SingleAsync(a => a.Action == "title.remove" && a.Target == titleId);
        Assert.Equal("telegram:1001", removal.Actor);
        Assert.Contains("DMCA notice 43", removal.Detail, StringComparison.Ordinal);
        var owner = await Host.AuditOfAsync(BotHost.OwnerId);
        Assert.Contains(owner, a => a.Action == "bot.command" && a.Target == "/takedown");
        Assert.Contains(owner, a => a.Action == "bot.button" && a.Detail!.StartsWith("td:yes:", StringComparison.Ordinal));
        Assert.Contains(await Host.AuditOfAsync(888_001), a => a.Action == "bot.refused" && a.Target == "button");
    }

    [Fact]
    public async Task Takedown_says_when_nothing_or_several_titles_match()
    {
        const long chat = -6002;
        Assert.Equal("No title taken down: no title is named 'no such film at all' (and it is not a title id or a link).", (await Host.AskInAsync(BotHost.OwnerId, chat, "/takedown no such film at all")).Text);
        Assert.StartsWith("Which title?", (await Host.AskInAsync(BotHost.OwnerId, chat, "/takedown")).Text, StringComparison.Ordinal);
        var link = await Host.AskInAsync(BotHost.OwnerId, chat, "/takedown https://elsewhere.example/title/zzzzzzzzzzzz/x");
        Assert.StartsWith("No title taken down: the link", link.Text, StringComparison.Ordinal);
    }

    private async Task<(string TitleId, string Name, string StreamUrl)> FirstTitleAsync()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var file = await db.MediaFiles.Include(m => m.Title).Where(m => m.Title!.RemovedAt == null).OrderBy(m => m.Id).FirstAsync();
        var url = scope.ServiceProvider.GetRequiredService<IMediaLinks>().Play(file, DeliveryPolicy.Default)!;
        return (file.Title!.PublicId, file.Title.Name, url);
    }

    private async Task<DateTime?> RemovedAtAsync(string titleId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Titles.AsNoTracking().Where(t => t.PublicId == titleId).Select(t => t.RemovedAt).SingleAsync();
    }
}
