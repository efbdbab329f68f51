using System.Text.Json.Nodes;

namespace StreamVault.BotApi.StandIn;

public sealed record InlineButton(string Text, string? CallbackData, Uri? Url);

/// <summary>A message in a chat as it stands now (after edits). <see cref="Edits"/> counts the bot's edits of it.</summary>
public sealed record StandInMessage(long ChatId, int MessageId, long FromUserId, string Text, IReadOnlyList<IReadOnlyList<InlineButton>> Buttons, int Edits, bool Deleted)
{
    public bool FromBot => FromUserId == BotApiStandIn.BotUserId;
}

/// <summary>A flood-limit refusal: when, for which chat, and whether it came during a wait the bot had been told of.</summary>
public sealed record FloodRefusal(long ChatId, DateTimeOffset At, int RetryAfter, bool DuringWait, bool Injected);

/// <summary>Everything the stand-in holds: chats and their messages, the update queue, the webhook, flood counters.
/// One lock guards it; waiters are woken through <see cref="Changed"/>.</summary>
public sealed class BotApiState(TimeProvider time) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<JsonObject> _updates = [];
    private readonly Dictionary<long, List<StandInMessage>> _chats = [];
    private readonly Dictionary<long, int> _nextMessageId = [];
    private readonly Dictionary<long, List<DateTimeOffset>> _accepted = [];
    private readonly Dictionary<long, DateTimeOffset> _floodUntil = [];
    private readonly Dictionary<string, string?> _callbackAnswers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _openCallbacks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly List<FloodRefusal> _refusals = [];
    private readonly HashSet<long> _blockedBy = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextUpdateId = 100;
    private int _nextCallbackId;
    private int? _injectedFlood;
    private CancellationTokenSource? _currentPoll;

    public TimeProvider Time => time;

    /// <summary>The webhook set by setWebhook, or null while the bot polls.</summary>
    public Uri? WebhookUrl { get; private set; }

    public string? WebhookSecret { get; private set; }

    public IReadOnlyList<string> AllowedUpdates { get; private set; } = [];

    /// <summary>The commands of the last setMyCommands: name to description.</summary>
    public IReadOnlyDictionary<string, string> Commands { get; private set; } = new Dictionary<string, string>();

    /// <summary>Completes at the next change (a message, an update taken, a call).</summary>
    public Task Changed
    {
        get
        {
            lock (_lock)
            {
                return _changed.Task;
            }
        }
    }

    public int Calls(string method)
    {
        lock (_lock)
        {
            return _calls.GetValueOrDefault(method);
        }
    }

    public IReadOnlyList<FloodRefusal> FloodRefusals
    {
        get
        {
            lock (_lock)
            {
                return [.. _refusals];
            }
        }
    }

    /// <summary>Updates not yet confirmed by the bot (a getUpdates offset past them, or a 2xx from the webhook).</summary>
    public int PendingUpdates
    {
        get
        {
            lock (_lock)
            {
                return _updates.Count;
            }
        }
    }

    public IReadOnlyList<StandInMessage> Messages(long chatId)
    {
        lock (_lock)
        {
            return _chats.TryGetValue(chatId, out var list) ? [.. list] : [];
        }
    }

    public IReadOnlyList<StandInMessage> BotMessages(long chatId) => [.. Messages(chatId).Where(m => m.FromBot && !m.Deleted)];

    public string? CallbackAnswer(string id)
    {
        lock (_lock)
        {
            return _callbackAnswers.TryGetValue(id, out var text) ? text ?? string.Empty : null;
        }
    }

    internal void CountCall(string method)
    {
        lock (_lock)
        {
            _calls[method] = _calls.GetValueOrDefault(method) + 1;
            Signal();
        }
    }

    internal StandInMessage UserMessage(long fromUserId, long chatId, string text)
    {
        lock (_lock)
        {
            var message = Add(new StandInMessage(chatId, NextMessageId(chatId), fromUserId, text, [], 0, false));
            var json = MessageJson(message);
            if (text.StartsWith('/'))
            {
                var length = text.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? space : text.Length;
                json["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = length });
            }

            Enqueue("message", json);
            return message;
        }
    }

    internal string ButtonPress(long fromUserId, StandInMessage message, string data)
    {
        lock (_lock)
        {
            var id = $"cb{++_nextCallbackId}";
            _openCallbacks.Add(id);
            Enqueue("callback_query", new JsonObject
            {
                ["id"] = id,
                ["from"] = UserJson(fromUserId),
                ["message"] = MessageJson(Find(message.ChatId, message.MessageId) ?? message),
                ["chat_instance"] = "ci" + BotApiStandIn.Invariant(message.ChatId),
                ["data"] = data,
            });
            return id;
        }
    }

    /// <summary>A <c>channel_post</c> (or <c>edited_channel_post</c>) update: a post in a channel the bot administers,
    /// as the Bot API shapes it — no <c>from</c>, the channel as <c>sender_chat</c> and <c>chat</c>, a document when the post
    /// carries a file.</summary>
    internal void ChannelPost(long channelChatId, int messageId, string? caption, string? fileName, bool edited)
    {
        lock (_lock)
        {
            var channel = new JsonObject { ["id"] = channelChatId, ["type"] = "channel", ["title"] = "Channel" + BotApiStandIn.Invariant(-channelChatId) };
            var now = BotApiStandIn.UnixTime(time.GetUtcNow());
            var post = new JsonObject
            {
                ["message_id"] = messageId,
                ["sender_chat"] = channel.DeepClone(),
                ["chat"] = channel,
                ["date"] = now,
            };
            if (edited)
            {
                post["edit_date"] = now;
            }

            if (fileName is not null)
            {
                post["document"] = new JsonObject
                {
                    ["file_id"] = $"doc-{BotApiStandIn.Invariant(-channelChatId)}-{messageId}",
                    ["file_unique_id"] = $"u{messageId}",
                    ["file_name"] = fileName,
                };
            }

            if (caption is not null)
            {
                post[fileName is null ? "text" : "caption"] = caption;
            }

            Enqueue(edited ? "edited_channel_post" : "channel_post", post);
        }
    }

    /// <summary>From now on the bot may not write to <paramref name="userId"/>'s private chat: 403, as Telegram answers
    /// for a user who blocked the bot (or never started it).</summary>
    internal void Block(long userId)
    {
        lock (_lock)
        {
            _blockedBy.Add(userId);
        }
    }

    internal bool IsBlocked(long chatId)
    {
        lock (_lock)
        {
            return _blockedBy.Contains(chatId);
        }
    }

    internal void InjectFlood(int retryAfter)
    {
        lock (_lock)
        {
            _injectedFlood = retryAfter;
        }
    }

    /// <summary>Updates from <paramref name="offset"/> on; those below it are confirmed and forgotten, as Telegram does.
    /// A newer getUpdates call ends this one with a conflict.</summary>
    internal async Task<(JsonArray? Updates, bool Conflict)> PollAsync(long offset, int limit, TimeSpan timeout, IReadOnlyList<string>? allowed, CancellationToken aborted)
    {
        CancellationTokenSource mine;
        lock (_lock)
        {
            _currentPoll?.Cancel();
            mine = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            _currentPoll = mine;
            if (allowed is not null)
            {
                AllowedUpdates = allowed;
            }
        }

        try
        {
            return await PollUntilAsync(mine, offset, limit, timeout, aborted);
        }
        finally
        {
            lock (_lock)
            {
                if (_currentPoll == mine)
                {
                    _currentPoll = null;
                }
            }

            mine.Dispose();
        }
    }

    private async Task<(JsonArray? Updates, bool Conflict)> PollUntilAsync(CancellationTokenSource mine, long offset, int limit, TimeSpan timeout, CancellationToken aborted)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(mine.Token, timer.Token);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (mine.IsCancellationRequested)
                {
                    return (null, !aborted.IsCancellationRequested);
                }

                _updates.RemoveAll(u => (long)u["update_id"]! < offset);
                var ready = _updates.Where(u => IsAllowed(u)).Take(Math.Clamp(limit, 1, 100)).Select(u => u.DeepClone()).ToArray();
                if (ready.Length > 0 || timer.IsCancellationRequested || WebhookUrl is not null)
                {
                    Signal();
                    return (new JsonArray(ready), false);
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(either.Token);
            }
            catch (OperationCanceledException)
            {
                // Timed out (answer with nothing), superseded by another poll (conflict) or the caller went away.
            }
        }
    }

    /// <summary>The oldest unconfirmed update, for the webhook pusher.</summary>
    internal (Uri Url, string? Secret, JsonObject Update)? NextWebhookDelivery()
    {
        lock (_lock)
        {
            return WebhookUrl is { } url && _updates.FirstOrDefault(IsAllowed) is { } update ? (url, WebhookSecret, (JsonObject)update.DeepClone()) : null;
        }
    }

    internal void Confirm(long updateId)
    {
        lock (_lock)
        {
            _updates.RemoveAll(u => (long)u["update_id"]! == updateId);
            Signal();
        }
    }

    internal void SetWebhook(Uri? url, string? secret, IReadOnlyList<string>? allowed, bool dropPending)
    {
        lock (_lock)
        {
            WebhookUrl = url;
            WebhookSecret = secret;
            if (allowed is not null)
            {
                AllowedUpdates = allowed;
            }

            if (dropPending)
            {
                _updates.Clear();
            }

            Signal();
        }
    }

    internal void SetCommands(IReadOnlyDictionary<string, string> commands)
    {
        lock (_lock)
        {
            Commands = commands;
            Signal();
        }
    }

    /// <summary>Counts a message or edit against the chat's flood limit; the retry_after in seconds when it is refused.</summary>
    internal int? TakeFloodSlot(long chatId)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_floodUntil.TryGetValue(chatId, out var until) && now < until)
            {
                var wait = RoundUp(until - now);
                _refusals.Add(new FloodRefusal(chatId, now, wait, DuringWait: true, Injected: false));
                return wait;
            }

            if (_injectedFlood is { } injected)
            {
                _injectedFlood = null;
                _floodUntil[chatId] = now + TimeSpan.FromSeconds(injected);
                _refusals.Add(new FloodRefusal(chatId, now, injected, DuringWait: false, Injected: true));
                return injected;
            }

            var accepted = _accepted.TryGetValue(chatId, out var list) ? list : _accepted[chatId] = [];
            var (window, allowed) = chatId > 0 ? (BotApiStandIn.PrivateChatInterval, 1) : (TimeSpan.FromMinutes(1), BotApiStandIn.GroupMessagesPerMinute);
            accepted.RemoveAll(at => at <= now - window);
            if (accepted.Count >= allowed)
            {
                var free = accepted[accepted.Count - allowed] + window;
                var retryAfter = RoundUp(free - now);
                _floodUntil[chatId] = now + TimeSpan.FromSeconds(retryAfter);
                _refusals.Add(new FloodRefusal(chatId, now, retryAfter, DuringWait: false, Injected: false));
                return retryAfter;
            }

            accepted.Add(now);
            return null;
        }
    }

    internal StandInMessage BotMessage(long chatId, string text, IReadOnlyList<IReadOnlyList<InlineButton>> buttons)
    {
        lock (_lock)
        {
            return Add(new StandInMessage(chatId, NextMessageId(chatId), BotApiStandIn.BotUserId, text, buttons, 0, false));
        }
    }

    internal StandInMessage? Find(long chatId, int messageId)
    {
        lock (_lock)
        {
            return _chats.TryGetValue(chatId, out var list) ? list.FirstOrDefault(m => m.MessageId == messageId && !m.Deleted) : null;
        }
    }

    internal void Replace(StandInMessage message)
    {
        lock (_lock)
        {
            var list = _chats[message.ChatId];
            list[list.FindIndex(m => m.MessageId == message.MessageId)] = message;
            Signal();
        }
    }

    internal bool AnswerCallback(string id, string? text)
    {
        lock (_lock)
        {
            if (!_openCallbacks.Remove(id))
            {
                return false;
            }

            _callbackAnswers[id] = text;
            Signal();
            return true;
        }
    }

    internal JsonObject MessageJson(StandInMessage message)
    {
        var json = new JsonObject
        {
            ["message_id"] = message.MessageId,
            ["from"] = message.FromBot ? BotUserJson() : UserJson(message.FromUserId),
            ["chat"] = message.ChatId > 0
                ? new JsonObject { ["id"] = message.ChatId, ["type"] = "private", ["first_name"] = "User" + BotApiStandIn.Invariant(message.ChatId) }
                : new JsonObject { ["id"] = message.ChatId, ["type"] = "supergroup", ["title"] = "Group" },
            ["date"] = BotApiStandIn.UnixTime(time.GetUtcNow()),
            ["text"] = message.Text,
        };
        if (message.Edits > 0)
        {
            json["edit_date"] = BotApiStandIn.UnixTime(time.GetUtcNow());
        }

        if (message.Buttons.Count > 0)
        {
            json["reply_markup"] = new JsonObject
            {
                ["inline_keyboard"] = new JsonArray([.. message.Buttons.Select(row => (JsonNode)new JsonArray([.. row.Select(ButtonJson)]))]),
            };
        }

        return json;
    }

    internal static JsonObject BotUserJson() => new()
    {
        ["id"] = BotApiStandIn.BotUserId,
        ["is_bot"] = true,
        ["first_name"] = "StreamVault",
        ["username"] = BotApiStandIn.BotUsername,
        ["can_join_groups"] = true,
        ["can_read_all_group_messages"] = false,
        ["supports_inline_queries"] = false,
    };

    /// <summary>Waits until <paramref name="probe"/> returns a value; fails with what it waited for.</summary>
    internal async Task<T> WaitAsync<T>(Func<T?> probe, TimeSpan timeout, string what)
        where T : class
    {
        using var timer = new CancellationTokenSource(timeout);
        while (true)
        {
            var changed = Changed;
            if (probe() is { } found)
            {
                return found;
            }

            try
            {
                await changed.WaitAsync(timer.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The stand-in waited {timeout.TotalSeconds:0} s for {what}.");
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _currentPoll?.Cancel();
            _changed.TrySetResult();
        }
    }

    private static JsonObject ButtonJson(InlineButton button)
    {
        var json = new JsonObject { ["text"] = button.Text };
        if (button.CallbackData is { } data)
        {
            json["callback_data"] = data;
        }

        if (button.Url is { } url)
        {
            json["url"] = url.ToString();
        }

        return json;
    }

    private static JsonObject UserJson(long id) => new() { ["id"] = id, ["is_bot"] = false, ["first_name"] = "User" + BotApiStandIn.Invariant(id) };

    private static int RoundUp(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private bool IsAllowed(JsonObject update) => AllowedUpdates.Count == 0 || AllowedUpdates.Any(update.ContainsKey);

    private void Enqueue(string kind, JsonObject payload)
    {
        _updates.Add(new JsonObject { ["update_id"] = _nextUpdateId++, [kind] = payload });
        Signal();
    }

    private StandInMessage Add(StandInMessage message)
    {
        (_chats.TryGetValue(message.ChatId, out var list) ? list : _chats[message.ChatId] = []).Add(message);
        Signal();
        return message;
    }

    private int NextMessageId(long chatId) => _nextMessageId[chatId] = _nextMessageId.GetValueOrDefault(chatId) + 1;

    private void Signal()
    {
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }
}
