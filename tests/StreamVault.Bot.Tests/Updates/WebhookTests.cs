using System.Net;
using System.Text;
using StreamVault.Bot.Tests.Infrastructure;
using StreamVault.Bot.Updates;

namespace StreamVault.Bot.Tests.Updates;

/// <summary>Webhook mode: Telegram (the stand-in) POSTs updates with the secret-token header; anyone else is 401.</summary>
public sealed class WebhookTests
{
    [Fact]
    public async Task Updates_come_by_webhook_with_the_secret_and_anything_else_is_refused()
    {
        await using var host = await BotHost.StartAsync(webhook: true, demoTitles: false);
        await host.StandIn.WaitForCallsAsync("setWebhook", 1);
        Assert.Equal(new Uri(host.Client.BaseAddress!, "/bot/webhook"), host.StandIn.State.WebhookUrl);
        Assert.Equal(BotHost.WebhookSecret, host.StandIn.State.WebhookSecret);

        var reply = await host.AskAsync(BotHost.OwnerId, "/jobs");
        Assert.Equal("No jobs.", reply.Text);
        var refusal = await host.AskAsync(31337, "/stats");
        Assert.Equal(UpdateDispatcher.Refusal, refusal.Text);

        const string update = """{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1001,"type":"private"},"from":{"id":1001,"is_bot":false,"first_name":"x"},"text":"/login"}}""";
        foreach (var secret in new[] { null, "", "wrong-secret-0123456789abcdef", BotHost.WebhookSecret + "x" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/bot/webhook") { Content = new StringContent(update, Encoding.UTF8, "application/json") };
            if (secret is not null)
            {
                request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
            }

            using var response = await host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(host.StandIn.Token, body, StringComparison.Ordinal);
            Assert.DoesNotContain(host.StandIn.Token.Split(':')[1], body, StringComparison.Ordinal);
        }

        // None of the forged updates reached the bot: the owner's chat holds only the answer to /jobs.
        Assert.Single(host.StandIn.State.BotMessages(BotHost.OwnerId));

        using var garbage = new HttpRequestMessage(HttpMethod.Post, "/bot/webhook") { Content = new StringContent("{not json", Encoding.UTF8, "application/json") };
        garbage.Headers.Add("X-Telegram-Bot-Api-Secret-Token", BotHost.WebhookSecret);
        using var bad = await host.Client.SendAsync(garbage);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task In_polling_mode_the_webhook_route_is_not_there()
    {
        await using var host = await BotHost.StartAsync(demoTitles: false);
        using var response = await host.Client.PostAsync(new Uri("/bot/webhook", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(host.StandIn.State.WebhookUrl);
    }
}
