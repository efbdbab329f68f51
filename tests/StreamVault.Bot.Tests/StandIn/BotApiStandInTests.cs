using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using StreamVault.BotApi.StandIn;

namespace StreamVault.Bot.Tests.StandIn;

/// <summary>The stand-in answers as the Bot API documentation says Telegram does, on raw HTTP.</summary>
public sealed class BotApiStandInTests : IAsyncLifetime
{
    private BotApiStandIn _standIn = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _standIn = await BotApiStandIn.StartAsync();
        _http = new HttpClient { BaseAddress = _standIn.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _standIn.DisposeAsync();
    }

    [Fact]
    public async Task Wrong_token_is_401_and_unknown_method_is_404_in_the_error_envelope()
    {
        var (status, body) = await CallAsync("getMe", "{}", token: "1:wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("""{"ok":false,"error_code":401,"description":"Unauthorized"}""", body.ToJsonString());

        (status, body) = await CallAsync("sendRocket", "{}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(404, (int)body["error_code"]!);
        Assert.False((bool)body["ok"]!);
    }

    [Fact]
    public async Task Form_bodies_work_and_an_edit_to_the_same_text_is_not_modified()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["chat_id"] = "-42", ["text"] = "hello", ["reply_markup"] = """{"inline_keyboard":[[{"text":"A","callback_data":"a:1"}]]}""" });
        using var sent = await _http.PostAsync(new Uri($"/bot{_standIn.Token}/sendMessage", UriKind.Relative), form);
        var message = JsonNode.Parse(await sent.Content.ReadAsStringAsync())!["result"]!;
        Assert.Equal("hello", (string)message["text"]!);
        Assert.Equal("a:1", (string)message["reply_markup"]!["inline_keyboard"]![0]![0]!["callback_data"]!);

        var edit = $$$"""{"chat_id":-42,"message_id":{{{(int)message["message_id"]!}}},"text":"hello","reply_markup":{"inline_keyboard":[[{"text":"A","callback_data":"a:1"}]]}}""";
        var (status, body) = await CallAsync("editMessageText", edit);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("Bad Request: message is not modified", (string)body["description"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_gets_twenty_messages_a_minute_then_429_with_retry_after()
    {
        for (var i = 0; i < BotApiStandIn.GroupMessagesPerMinute; i++)
        {
            var (ok, _) = await CallAsync("sendMessage", $$"""{"chat_id":-7,"text":"m{{i}}"}""");
            Assert.Equal(HttpStatusCode.OK, ok);
        }

        var (status, body) = await CallAsync("sendMessage", """{"chat_id":-7,"text":"one too many"}""");
        Assert.Equal((HttpStatusCode)429, status);
        Assert.InRange((int)body["parameters"]!["retry_after"]!, 1, 60);
        Assert.Equal(20, _standIn.State.BotMessages(-7).Count);
    }

    [Fact]
    public async Task GetUpdates_confirms_updates_below_the_offset()
    {
        _standIn.SendText(5, 5, "/one");
        _standIn.SendText(5, 5, "/two");
        var (_, first) = await CallAsync("getUpdates", """{"timeout":0}""");
        var updates = first["result"]!.AsArray();
        Assert.Equal(2, updates.Count);
        Assert.Equal("bot_command", (string)updates[0]!["message"]!["entities"]![0]!["type"]!);

        var next = (long)updates[1]!["update_id"]!;
        var (_, second) = await CallAsync("getUpdates", $$"""{"offset":{{next}},"timeout":0}""");
        Assert.Equal("/two", (string)second["result"]![0]!["message"]!["text"]!);
        Assert.Equal(1, _standIn.State.PendingUpdates);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> CallAsync(string method, string json, string? token = null)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri($"/bot{token ?? _standIn.Token}/{method}", UriKind.Relative), content);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
