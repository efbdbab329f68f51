using StreamVault.Bot.Access;
using StreamVault.Bot.Sending;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace StreamVault.Bot.Commands;

/// <summary>
/// One bot command. Adding a command is one class and one line in <see cref="BotModule"/>
/// (<c>services.AddBotCommand&lt;ImportCommand&gt;()</c>): the dispatcher finds it by <see cref="Name"/>, checks
/// <see cref="OwnerOnly"/> and <see cref="PrivateChatOnly"/>, audits it, and /help and the bot's menu list it.
/// </summary>
public interface IBotCommand
{
    /// <summary>The name after the slash, lower case: "stats".</summary>
    string Name { get; }

    /// <summary>How to call it, for /help: "/cancel JOB-ID".</summary>
    string Usage { get; }

    string Description { get; }

    bool OwnerOnly { get; }

    /// <summary>Commands whose answer is a secret (a sign-in link) are refused in groups.</summary>
    bool PrivateChatOnly { get; }

    /// <summary>The text after the command is a secret (a session string): it is never audited or echoed, and the
    /// message that carried it is deleted once the command has run, or been refused, for someone who may use the bot.</summary>
    bool SecretArguments => false;

    Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken);
}

/// <summary>A command as it arrived: who, where, their role, and the text after the command.</summary>
public sealed class BotCommandContext(long userId, long chatId, bool isPrivateChat, BotRole role, string arguments, IBotReplies replies)
{
    public long UserId => userId;

    public long ChatId => chatId;

    public bool IsPrivateChat => isPrivateChat;

    public BotRole Role => role;

    public string Arguments => arguments;

    public IBotReplies Replies => replies;

    /// <summary>Who did it, for audit rows and jobs: "telegram:12345".</summary>
    public string Actor => BotAccess.Actor(userId);

    public Task<Message> ReplyAsync(string text, CancellationToken cancellationToken) => replies.SendAsync(chatId, text, null, cancellationToken);

    public Task<Message> ReplyAsync(string text, InlineKeyboardMarkup keyboard, CancellationToken cancellationToken) => replies.SendAsync(chatId, text, keyboard, cancellationToken);
}

/// <summary>Inline-keyboard buttons whose callback data start with "<see cref="Prefix"/>:". The press has been checked
/// (an admin pressed it) and audited; the answer is the short notice Telegram shows (null: none).</summary>
public interface IBotButtonHandler
{
    string Prefix { get; }

    Task<string?> HandleAsync(BotButtonContext context, CancellationToken cancellationToken);
}

public sealed class BotButtonContext(long userId, long chatId, int messageId, BotRole role, string data, IBotReplies replies)
{
    public long UserId => userId;

    public long ChatId => chatId;

    public int MessageId => messageId;

    public BotRole Role => role;

    /// <summary>The callback data after "prefix:".</summary>
    public string Data => data;

    public IBotReplies Replies => replies;

    public string Actor => BotAccess.Actor(userId);
}
