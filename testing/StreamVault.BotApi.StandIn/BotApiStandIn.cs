using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StreamVault.BotApi.StandIn;

/// <summary>
/// Telegram's Bot API as a bot sees it, on Kestrel loopback, written from the Bot API documentation
/// (core.telegram.org/bots/api): <c>/bot{token}/{method}</c> at the root (Telegram.Bot drops any path of a custom base
/// URL), parameters from the query string, JSON, urlencoded or multipart bodies, and the <c>{ok, result}</c> /
/// <c>{ok: false, error_code, description, parameters}</c> envelopes. Updates come from users the tests script
/// (<see cref="SendText"/>, <see cref="PressButton"/>, <see cref="PostInChannel"/>) and reach the bot by long polling or by webhook, as Telegram
/// delivers them. Flood limits are Telegram's: about one message a second in a private chat and twenty a minute in a
/// group, edits included; past them the answer is 429 with <c>retry_after</c>, and so is any request to that chat
/// before the wait is over.
/// </summary>
public sealed class BotApiStandIn : IAsyncDisposable
{
    public const long BotUserId = 7_000_000_001;
    public const string BotUsername = "streamvault_test_bot";

    /// <summary>Telegram's documented limits for one chat.</summary>
    public static readonly TimeSpan PrivateChatInterval = TimeSpan.FromSeconds(1);
    public const int GroupMessagesPerMinute = 20;

    private readonly WebApplication _app;
    private readonly BotApiState _state;
    private readonly WebhookPusher _webhook;

    private BotApiStandIn(WebApplication app, BotApiState state, WebhookPusher webhook, string token)
    {
        _app = app;
        _state = state;
        _webhook = webhook;
        Token = token;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUrl = new Uri(address);
    }

    /// <summary>The address to give the bot as its Bot API base URL (no path: the methods live at the root).</summary>
    public Uri BaseUrl { get; }

    public string Token { get; }

    /// <summary>What the bot sent and edited, the updates it has not confirmed, the webhook: for assertions.</summary>
    public BotApiState State => _state;

    public static async Task<BotApiStandIn> StartAsync(string token = "7000000001:standin-token-abcdefghijklmnopqrstuvwx", TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var clock = time ?? TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var state = new BotApiState(clock);
        var webhook = new WebhookPusher(state, clock);
        var app = builder.Build();
        var methods = new BotApiMethods(state, token);
        app.MapMethods("/bot{token}/{method}", ["GET", "POST"], methods.HandleAsync);
        app.MapFallback((HttpContext context) => BotApiMethods.Error(context, 404, "Not Found"));
        await app.StartAsync();
        webhook.Start();
        return new BotApiStandIn(app, state, webhook, token);
    }

    /// <summary>A user types <paramref name="text"/> in a chat (positive ids are private chats with that user, negative
    /// ids groups). Returns the message as the bot will see it.</summary>
    public StandInMessage SendText(long fromUserId, long chatId, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _state.UserMessage(fromUserId, chatId, text);
    }

    /// <summary>A user presses the inline button labelled <paramref name="buttonText"/> under a message the bot sent.</summary>
    public string PressButton(long fromUserId, StandInMessage message, string buttonText)
    {
        ArgumentNullException.ThrowIfNull(message);
        var button = message.Buttons.SelectMany(row => row).FirstOrDefault(b => b.Text == buttonText)
            ?? throw new InvalidOperationException($"Message {message.MessageId} has no button '{buttonText}'; it has: {string.Join(", ", message.Buttons.SelectMany(r => r).Select(b => b.Text))}.");
        return _state.ButtonPress(fromUserId, message, button.CallbackData ?? throw new InvalidOperationException($"Button '{buttonText}' carries no callback data."));
    }

    /// <summary>A new post appears in a channel the bot administers: a <c>channel_post</c> update. <paramref name="channelChatId"/>
    /// is the Bot API's id (-100 and the channel's id); <paramref name="messageId"/> the post's id in the channel.</summary>
    public void PostInChannel(long channelChatId, int messageId, string? caption = null, string? fileName = null) =>
        _state.ChannelPost(channelChatId, messageId, caption, fileName, edited: false);

    /// <summary>A channel post is edited (its caption, or its file replaced): an <c>edited_channel_post</c> update.</summary>
    public void EditChannelPost(long channelChatId, int messageId, string? caption = null, string? fileName = null) =>
        _state.ChannelPost(channelChatId, messageId, caption, fileName, edited: true);

    /// <summary>The user blocks the bot: its messages to their private chat are refused with 403 from now on.</summary>
    public void Block(long userId) => _state.Block(userId);

    /// <summary>The next send or edit to any chat is answered 429 with this <c>retry_after</c>, as Telegram does when a
    /// bot has been too busy; requests to that chat before it has passed are refused too.</summary>
    public void InjectFlood(int retryAfterSeconds) => _state.InjectFlood(retryAfterSeconds);

    /// <summary>Waits until a message the bot sent (or edited) in <paramref name="chatId"/> matches.</summary>
    public Task<StandInMessage> WaitForMessageAsync(long chatId, Func<StandInMessage, bool> match, TimeSpan? timeout = null) =>
        _state.WaitAsync(() => _state.BotMessages(chatId).LastOrDefault(match), timeout ?? TimeSpan.FromSeconds(60), $"a bot message in chat {chatId} that matches");

    /// <summary>Waits until the bot answered the button press with this callback query id.</summary>
    public Task<string> WaitForCallbackAnswerAsync(string callbackQueryId, TimeSpan? timeout = null) =>
        _state.WaitAsync(() => _state.CallbackAnswer(callbackQueryId), timeout ?? TimeSpan.FromSeconds(60), $"an answer to callback query {callbackQueryId}");

    /// <summary>Waits until a method has been called this many times in all.</summary>
    public Task WaitForCallsAsync(string method, int count, TimeSpan? timeout = null) =>
        _state.WaitAsync(() => _state.Calls(method) >= count ? (object)true : null, timeout ?? TimeSpan.FromSeconds(60), $"{count} calls of {method}");

    public async ValueTask DisposeAsync()
    {
        await _webhook.DisposeAsync();
        _state.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal static JsonObject Envelope(JsonNode? result) => new() { ["ok"] = true, ["result"] = result };

    internal static string Json(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    internal static long UnixTime(DateTimeOffset at) => at.ToUnixTimeSeconds();

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
