using StreamVault.Bot.Access;
using StreamVault.Bot.Commands;
using StreamVault.Bot.Sending;
using StreamVault.Catalog.Import;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace StreamVault.Bot.Updates;

/// <summary>
/// One update, from polling or the webhook: a command goes to its <see cref="IBotCommand"/>, a button press to its
/// <see cref="IBotButtonHandler"/>, after the sender's role is checked and the attempt audited. A stranger learns nothing
/// but <see cref="Refusal"/>: not which commands exist, not whether the bot is StreamVault's. A channel's posts have no
/// sender and go to the auto-index (<see cref="IChannelPostIndexer"/>).
/// </summary>
internal sealed partial class UpdateDispatcher(
    BotAccess access,
    IEnumerable<IBotCommand> commands,
    IEnumerable<IBotButtonHandler> buttons,
    IBotReplies replies,
    BotIdentity identity,
    IChannelPostIndexer channelPosts,
    BotBackgroundWork background,
    ILogger<UpdateDispatcher> logger)
{
    public const string Refusal = "Sorry, this is a private bot.";

    // "-100" in front of a channel's own id: -1001234567890 is channel 1234567890.
    private const long ChannelIdOffset = 1_000_000_000_000;

    public async Task DispatchAsync(Update update, CancellationToken cancellationToken)
    {
        try
        {
            if (update.Message is { Text: { } text, From: { } from } message)
            {
                await OnMessageAsync(message, from.Id, text, cancellationToken);
            }
            else if (update.CallbackQuery is { } press)
            {
                await OnButtonAsync(press, cancellationToken);
            }
            else if ((update.ChannelPost ?? update.EditedChannelPost) is { } post)
            {
                OnChannelPost(post, edited: update.ChannelPost is null);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One bad update must not stop the bot; the operator sees the failure in the log.
            LogFailed(logger, ex, update.Id);
        }
    }

    private async Task OnMessageAsync(Message message, long userId, string text, CancellationToken cancellationToken)
    {
        var chatId = message.Chat.Id;
        var isPrivate = message.Chat.Type == ChatType.Private;
        var parsed = ParseCommand(text, identity.Username);
        if (parsed is null && !isPrivate)
        {
            return; // group chatter is not for the bot
        }

        var role = await access.RoleOfAsync(userId, cancellationToken);
        var name = parsed?.Name ?? string.Empty;
        var command = parsed is null ? null : commands.FirstOrDefault(c => c.Name == name);
        // A secret never reaches the audit log, not even from a stranger's message.
        var secret = command is { SecretArguments: true } && parsed!.Value.Arguments.Length > 0;
        var audited = secret ? $"/{name} (secret withheld)" : text;
        if (role == BotRole.Stranger)
        {
            await access.AuditAsync(userId, "bot.refused", parsed is null ? "message" : "/" + name, audited, cancellationToken);
            await replies.SendAsync(chatId, Refusal, null, cancellationToken);
            return;
        }

        if (parsed is null)
        {
            await replies.SendAsync(chatId, "Send /help for what I can do.", null, cancellationToken);
            return;
        }

        try
        {
            await RunAsync(command, name, parsed.Value.Arguments, chatId, userId, role, isPrivate, audited, cancellationToken);
        }
        finally
        {
            if (secret)
            {
                // Whatever became of the command, the secret does not stay in the chat history.
                await replies.DeleteAsync(chatId, message.MessageId, cancellationToken);
            }
        }
    }

    private async Task RunAsync(IBotCommand? command, string name, string arguments, long chatId, long userId, BotRole role, bool isPrivate, string audited, CancellationToken cancellationToken)
    {
        if (command is null)
        {
            await access.AuditAsync(userId, "bot.unknown", "/" + name, audited, cancellationToken);
            await replies.SendAsync(chatId, "I don't know that command. Send /help for the list.", null, cancellationToken);
            return;
        }

        if (command.OwnerOnly && role != BotRole.Owner)
        {
            await access.AuditAsync(userId, "bot.refused", "/" + name, audited, cancellationToken);
            await replies.SendAsync(chatId, "Only the owner may do that.", null, cancellationToken);
            return;
        }

        if (command.PrivateChatOnly && !isPrivate)
        {
            await access.AuditAsync(userId, "bot.refused", "/" + name, "not in a private chat", cancellationToken);
            await replies.SendAsync(chatId, $"Send /{name} to me in a private chat.", null, cancellationToken);
            return;
        }

        var detail = command.SecretArguments ? null : arguments;
        await access.AuditAsync(userId, "bot.command", "/" + name, string.IsNullOrEmpty(detail) ? null : detail, cancellationToken);
        try
        {
            await command.ExecuteAsync(new BotCommandContext(userId, chatId, isPrivate, role, arguments, replies), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCommandFailed(logger, ex, name);
            await replies.SendAsync(chatId, $"/{name} did not work; the server log has the details.", null, cancellationToken);
        }
    }

    private async Task OnButtonAsync(CallbackQuery press, CancellationToken cancellationToken)
    {
        var data = press.Data ?? string.Empty;
        var role = await access.RoleOfAsync(press.From.Id, cancellationToken);
        if (role == BotRole.Stranger || press.Message is not { } message)
        {
            await access.AuditAsync(press.From.Id, "bot.refused", "button", data, cancellationToken);
            await replies.AnswerCallbackAsync(press.Id, role == BotRole.Stranger ? Refusal : null, cancellationToken);
            return;
        }

        var colon = data.IndexOf(':', StringComparison.Ordinal);
        var handler = colon > 0 ? buttons.FirstOrDefault(b => b.Prefix == data[..colon]) : null;
        await access.AuditAsync(press.From.Id, "bot.button", "button", data, cancellationToken);
        var answer = handler is null ? "This button no longer works." : await handler.HandleAsync(new BotButtonContext(press.From.Id, message.Chat.Id, message.MessageId, role, data[(colon + 1)..], replies), cancellationToken);
        await replies.AnswerCallbackAsync(press.Id, answer, cancellationToken);
    }

    /// <summary>
    /// A post in a channel the bot is admin of (the storage channel): no user sent it, so there is no role to check and
    /// nobody to answer; the indexer imports it if the channel is marked for auto-index and ignores it otherwise. It
    /// reads the channel through the swarm, which can take a while, so the next update does not wait for it.
    /// </summary>
    private void OnChannelPost(Message post, bool edited)
    {
        if (TelegramChannelId(post.Chat.Id) is not { } channelId)
        {
            return;
        }

        var messageId = post.MessageId;
        background.Run(ct => edited ? channelPosts.OnEditedAsync(channelId, messageId, ct) : channelPosts.OnPostedAsync(channelId, messageId, ct));
    }

    /// <summary>The Bot API writes a channel's id as -100 followed by Telegram's own id; null for any other chat.</summary>
    internal static long? TelegramChannelId(long botApiChatId) =>
        botApiChatId < -ChannelIdOffset ? -botApiChatId - ChannelIdOffset : null;

    /// <summary>"/name@bot args" → (name, args); null when the text is not a command, or is one for another bot.</summary>
    internal static (string Name, string Arguments)? ParseCommand(string text, string? botUsername)
    {
        if (!text.StartsWith('/') || text.Length < 2)
        {
            return null;
        }

        var end = text.AsSpan().IndexOfAny(' ', '\n');
        var head = end < 0 ? text[1..] : text[1..end];
        var arguments = end < 0 ? string.Empty : text[(end + 1)..].Trim();
        var at = head.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (botUsername is not null && !string.Equals(head[(at + 1)..], botUsername, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            head = head[..at];
        }

        return head.Length == 0 ? null : (head.ToLowerInvariant(), arguments);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Bot command /{Name} failed")]
    private static partial void LogCommandFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "The bot could not handle update {UpdateId}")]
    private static partial void LogFailed(ILogger logger, Exception exception, int updateId);
}
