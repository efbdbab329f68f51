using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace StreamVault.BotApi.StandIn;

/// <summary>The Bot API methods the manager bot uses, each answering as the documentation says Telegram does.</summary>
internal sealed class BotApiMethods(BotApiState state, string expectedToken)
{
    // Telegram's limits (Bot API documentation: sendMessage text 1-4096 characters, callback_data 1-64 bytes,
    // secret_token 1-256 characters of A-Z a-z 0-9 _ -, getUpdates timeout in seconds, limit 1-100).
    private const int MaxText = 4096;
    private const int MaxCallbackData = 64;

    public async Task HandleAsync(HttpContext context, string token, string method)
    {
        if (!string.Equals(token, expectedToken, StringComparison.Ordinal))
        {
            await Error(context, 401, "Unauthorized");
            return;
        }

        JsonObject args;
        try
        {
            args = await ReadParametersAsync(context.Request);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or FormatException)
        {
            await Error(context, 400, "Bad Request: can't parse request body");
            return;
        }

        state.CountCall(method);
        // Method names are case-insensitive in the Bot API.
        var task = method.ToUpperInvariant() switch
        {
            "GETME" => Ok(context, BotApiState.BotUserJson()),
            "GETUPDATES" => GetUpdatesAsync(context, args),
            "SETWEBHOOK" => SetWebhook(context, args),
            "DELETEWEBHOOK" => DeleteWebhook(context, args),
            "GETWEBHOOKINFO" => Ok(context, new JsonObject { ["url"] = state.WebhookUrl?.ToString() ?? string.Empty, ["has_custom_certificate"] = false, ["pending_update_count"] = state.PendingUpdates }),
            "SENDMESSAGE" => SendMessage(context, args),
            "EDITMESSAGETEXT" => EditMessageText(context, args),
            "ANSWERCALLBACKQUERY" => AnswerCallbackQuery(context, args),
            "DELETEMESSAGE" => DeleteMessage(context, args),
            "SETMYCOMMANDS" => SetMyCommands(context, args),
            _ => Error(context, 404, "Not Found"),
        };
        await task;
    }

    internal static Task Error(HttpContext context, int code, string description, int? retryAfter = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (retryAfter is { } seconds)
        {
            body["parameters"] = new JsonObject { ["retry_after"] = seconds };
        }

        return Write(context, code, body);
    }

    private static Task Ok(HttpContext context, JsonNode? result) => Write(context, 200, BotApiStandIn.Envelope(result));

    private static async Task Write(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(BotApiStandIn.Json(body));
    }

    private async Task GetUpdatesAsync(HttpContext context, JsonObject args)
    {
        if (state.WebhookUrl is not null)
        {
            await Error(context, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            return;
        }

        var offset = Long(args, "offset") ?? 0;
        var limit = (int)(Long(args, "limit") ?? 100);
        var timeout = TimeSpan.FromSeconds(Math.Clamp(Long(args, "timeout") ?? 0, 0, 50));
        var (updates, conflict) = await state.PollAsync(offset, limit, timeout, Strings(args, "allowed_updates"), context.RequestAborted);
        if (conflict)
        {
            await Error(context, 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
            return;
        }

        if (updates is not null)
        {
            await Ok(context, updates);
        }
    }

    private Task SetWebhook(HttpContext context, JsonObject args)
    {
        var url = Text(args, "url");
        if (string.IsNullOrEmpty(url))
        {
            state.SetWebhook(null, null, Strings(args, "allowed_updates"), Bool(args, "drop_pending_updates"));
            return Ok(context, true);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return Error(context, 400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
        }

        var secret = Text(args, "secret_token");
        if (secret is not null && (secret.Length is 0 or > 256 || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            return Error(context, 400, "Bad Request: secret token contains unallowed characters");
        }

        state.SetWebhook(uri, secret, Strings(args, "allowed_updates"), Bool(args, "drop_pending_updates"));
        return Ok(context, true);
    }

    private Task DeleteWebhook(HttpContext context, JsonObject args)
    {
        state.SetWebhook(null, null, null, Bool(args, "drop_pending_updates"));
        return Ok(context, true);
    }

    private Task SendMessage(HttpContext context, JsonObject args)
    {
        if (Long(args, "chat_id") is not { } chatId)
        {
            return Error(context, 400, "Bad Request: chat not found");
        }

        var text = Text(args, "text") ?? string.Empty;
        var problem = KeyboardProblem(args, out var buttons);
        if ((TextProblem(text) ?? problem) is { } refused)
        {
            return Error(context, 400, refused);
        }

        if (state.IsBlocked(chatId))
        {
            return Error(context, 403, "Forbidden: bot was blocked by the user");
        }

        if (state.TakeFloodSlot(chatId) is { } retryAfter)
        {
            return Error(context, 429, $"Too Many Requests: retry after {retryAfter}", retryAfter);
        }

        return Ok(context, state.MessageJson(state.BotMessage(chatId, text, buttons)));
    }

    private Task EditMessageText(HttpContext context, JsonObject args)
    {
        if (Long(args, "chat_id") is not { } chatId || Long(args, "message_id") is not { } messageId)
        {
            return Error(context, 400, "Bad Request: message identifier is not specified");
        }

        var text = Text(args, "text") ?? string.Empty;
        var problem = KeyboardProblem(args, out var buttons);
        if ((TextProblem(text) ?? problem) is { } refused)
        {
            return Error(context, 400, refused);
        }

        var message = state.Find(chatId, (int)messageId);
        if (message is null || !message.FromBot)
        {
            return Error(context, 400, message is null ? "Bad Request: message to edit not found" : "Bad Request: message can't be edited");
        }

        if (message.Text == text && SameButtons(message.Buttons, buttons))
        {
            return Error(context, 400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
        }

        if (state.TakeFloodSlot(chatId) is { } retryAfter)
        {
            return Error(context, 429, $"Too Many Requests: retry after {retryAfter}", retryAfter);
        }

        var edited = message with { Text = text, Buttons = buttons, Edits = message.Edits + 1 };
        state.Replace(edited);
        return Ok(context, state.MessageJson(edited));
    }

    private Task AnswerCallbackQuery(HttpContext context, JsonObject args)
    {
        var id = Text(args, "callback_query_id") ?? string.Empty;
        return state.AnswerCallback(id, Text(args, "text"))
            ? Ok(context, true)
            : Error(context, 400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
    }

    private Task DeleteMessage(HttpContext context, JsonObject args)
    {
        if (Long(args, "chat_id") is not { } chatId || Long(args, "message_id") is not { } messageId || state.Find(chatId, (int)messageId) is not { } message)
        {
            return Error(context, 400, "Bad Request: message to delete not found");
        }

        state.Replace(message with { Deleted = true });
        return Ok(context, true);
    }

    private Task SetMyCommands(HttpContext context, JsonObject args)
    {
        var commands = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in Parse(args["commands"]) as JsonArray ?? [])
        {
            var name = item?["command"]?.GetValue<string>() ?? string.Empty;
            var description = item?["description"]?.GetValue<string>() ?? string.Empty;
            if (name.Length is 0 or > 32 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_') || description.Length is 0 or > 256)
            {
                return Error(context, 400, "Bad Request: BOT_COMMAND_INVALID");
            }

            commands[name] = description;
        }

        state.SetCommands(commands);
        return Ok(context, true);
    }

    private static string? TextProblem(string text) => text.Trim().Length == 0
        ? "Bad Request: message text is empty"
        : text.Length > MaxText ? "Bad Request: message is too long" : null;

    private static string? KeyboardProblem(JsonObject args, out IReadOnlyList<IReadOnlyList<InlineButton>> buttons)
    {
        buttons = [];
        if (Parse(args["reply_markup"]) is not JsonObject markup || markup["inline_keyboard"] is not JsonArray rows)
        {
            return null;
        }

        var parsed = new List<IReadOnlyList<InlineButton>>();
        foreach (var row in rows.OfType<JsonArray>())
        {
            var line = new List<InlineButton>();
            foreach (var button in row.OfType<JsonObject>())
            {
                var data = button["callback_data"]?.GetValue<string>();
                if (data is not null && Encoding.UTF8.GetByteCount(data) is 0 or > MaxCallbackData)
                {
                    return "Bad Request: BUTTON_DATA_INVALID";
                }

                line.Add(new InlineButton(button["text"]?.GetValue<string>() ?? string.Empty, data, button["url"]?.GetValue<string>() is { } url ? new Uri(url) : null));
            }

            parsed.Add(line);
        }

        buttons = parsed;
        return null;
    }

    private static bool SameButtons(IReadOnlyList<IReadOnlyList<InlineButton>> a, IReadOnlyList<IReadOnlyList<InlineButton>> b) =>
        a.Count == b.Count && a.Zip(b).All(rows => rows.First.SequenceEqual(rows.Second));

    /// <summary>The Bot API takes parameters from the query string and from a JSON, urlencoded or multipart body; in
    /// the last two, objects and arrays arrive JSON-serialized as strings.</summary>
    private static async Task<JsonObject> ReadParametersAsync(HttpRequest request)
    {
        var args = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            args[key] = value.ToString();
        }

        if (request.HasJsonContentType())
        {
            if (await JsonNode.ParseAsync(request.Body) is JsonObject body)
            {
                foreach (var (key, value) in body)
                {
                    args[key] = value?.DeepClone();
                }
            }
        }
        else if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form)
            {
                args[key] = value.ToString();
            }

            foreach (var file in form.Files)
            {
                args[file.Name] = $"attach://{file.FileName}";
            }
        }

        return args;
    }

    private static JsonNode? Parse(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.TrimStart() is ['{' or '[', ..] ? JsonNode.Parse(text) : node;

    private static string? Text(JsonObject args, string name) => args[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var other => other.ToJsonString(),
    };

    private static long? Long(JsonObject args, string name) =>
        Text(args, name) is { } text && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static bool Bool(JsonObject args, string name) => Text(args, name) is "true" or "True" or "1";

    private static string[]? Strings(JsonObject args, string name) =>
        Parse(args[name]) is JsonArray array ? [.. array.Select(n => n?.GetValue<string>() ?? string.Empty)] : null;
}
