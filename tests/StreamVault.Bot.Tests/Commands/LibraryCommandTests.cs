using StreamVault.Bot.Tests.Infrastructure;
using StreamVault.Bot.Updates;

namespace StreamVault.Bot.Tests.Commands;

/// <summary>/import, /index and /leech through the Bot API stand-in: they answer bad input in one line, start the same
/// jobs as the CLI and the dashboard, and follow them in one edited status message.</summary>
public sealed class LibraryCommandTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    private BotHost Host => fixture.Host;

    [Theory]
    [InlineData("/import", "Which channel? /import @channel|LINK [FROM-ID]")]
    [InlineData("/import @films 0x10", "from-id must be a message id of 1 or more.")]
    [InlineData("/import not-a-channel!", "Not imported: ")]
    [InlineData("/import @films 0", "Not imported: from-id must be a message id of 1 or more.")]
    [InlineData("/leech", "Which link? /leech URL")]
    [InlineData("/leech ftp://example.com/film.mkv", "Not leeched: 'ftp://example.com/film.mkv' is not an http or https link.")]
    [InlineData("/leech https://user:pw@example.com/film.mkv", "Not leeched: links with a user name or password are not leeched.")]
    [InlineData("/index", "/index on|off @channel")]
    [InlineData("/index maybe @films", "/index on|off @channel")]
    [InlineData("/index on not-a-channel!", "Not changed: ")]
    public async Task Bad_input_gets_one_clear_line(string command, string answer)
    {
        var reply = await Host.AskAsync(BotHost.ConfiguredAdminId, command);
        Assert.StartsWith(answer, reply.Text, StringComparison.Ordinal);
        Assert.Empty(reply.Buttons);
    }

    [Fact]
    public async Task A_leech_runs_as_a_job_whose_status_message_ends_with_the_refusal_of_a_loopback_address()
    {
        const long chat = -7001;
        var status = await Host.AskInAsync(BotHost.ConfiguredAdminId, chat, "/leech http://127.0.0.1:9/film.mkv");
        Assert.Contains("leech http://127.0.0.1:9/film.mkv", status.Text, StringComparison.Ordinal);
        var ended = await Host.StandIn.WaitForMessageAsync(chat, m => m.MessageId == status.MessageId && m.Text.Contains("failed", StringComparison.Ordinal));
        Assert.Contains("loopback", ended.Text, StringComparison.Ordinal);
        // One message for the whole job: edited, never a second one.
        Assert.Single(Host.StandIn.State.BotMessages(chat));
        Assert.InRange(ended.Edits, 1, 3);

        var jobs = await Host.AskInAsync(BotHost.ConfiguredAdminId, chat, "/jobs");
        Assert.Contains("leech http://127.0.0.1:9/film.mkv", jobs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strangers_cannot_import_index_or_leech()
    {
        foreach (var text in new[] { "/import @films", "/index on @films", "/leech https://example.com/film.mkv" })
        {
            var reply = await Host.AskAsync(777_001, text);
            Assert.Equal(UpdateDispatcher.Refusal, reply.Text);
        }

        var audit = await Host.AuditOfAsync(777_001);
        Assert.Equal(["/import", "/index", "/leech"], audit.Select(a => a.Target));
    }
}
