using StreamVault.Bot.Tests.Infrastructure;

namespace StreamVault.Bot.Tests.Sending;

/// <summary>The bot against the stand-in's enforcement of Telegram's flood limits.</summary>
public sealed class FloodLimitTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    private BotHost Host => fixture.Host;

    [Fact]
    public async Task Many_replies_to_one_private_chat_never_trip_the_limit()
    {
        const long user = BotHost.ConfiguredAdminId;
        // Sent at once: the bot answers each as fast as Telegram lets it, one a second, and is never refused.
        for (var i = 0; i < 5; i++)
        {
            Host.StandIn.SendText(user, user, "/jobs");
        }

        await Host.StandIn.WaitForMessageAsync(user, _ => Host.StandIn.State.BotMessages(user).Count == 5);
        Assert.DoesNotContain(Host.StandIn.State.FloodRefusals, r => r.ChatId == user);
    }

    [Fact]
    public async Task A_429_is_waited_out_in_full_before_the_message_is_sent_again()
    {
        const long chat = -7001;
        Host.StandIn.InjectFlood(retryAfterSeconds: 2);
        var reply = await Host.AskInAsync(BotHost.OwnerId, chat, "/jobs");
        Assert.False(string.IsNullOrEmpty(reply.Text));

        var refusals = Host.StandIn.State.FloodRefusals.Where(r => r.ChatId == chat).ToList();
        // One refusal, the injected one: the retry came after the wait, not during it (the stand-in refuses those too).
        var refusal = Assert.Single(refusals);
        Assert.True(refusal.Injected);
        Assert.DoesNotContain(Host.StandIn.State.FloodRefusals, r => r.DuringWait);
    }
}
