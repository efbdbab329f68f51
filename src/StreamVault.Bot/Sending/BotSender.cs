using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace StreamVault.Bot.Sending;

/// <summary>What the bot says, through Telegram's limits: sends and edits wait for the chat's slot
/// (<see cref="ChatRateLimiter"/>), and a 429 is waited out in full — <c>retry_after</c> on the injected clock — then
/// the call is made again. All text goes out as plain text, so names and arguments people typed are never markup.</summary>
public interface IBotReplies
{
    Task<Message> SendAsync(long chatId, string text, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken);

    /// <summary>Edits a message the bot sent. Editing to the same text is not an error: Telegram's "message is not
    /// modified" means the message already says it.</summary>
    Task EditAsync(long chatId, int messageId, string text, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken);

    Task AnswerCallbackAsync(string callbackQueryId, string? text, CancellationToken cancellationToken);

    /// <summary>Deletes a message (deleteMessage); false when Telegram would not (too old, or no right to in a group).</summary>
    Task<bool> DeleteAsync(long chatId, int messageId, CancellationToken cancellationToken);
}

internal sealed partial class BotSender(BotClient client, ChatRateLimiter limiter, TimeProvider time, ILogger<BotSender> logger) : IBotReplies
{
    // Telegram's sendMessage takes at most 4096 characters; longer lists are cut with a note rather than refused.
    internal const int MaxText = 4096;

    // A 429 is normal under load; five in a row for one message means something else is wrong.
    private const int MaxAttempts = 5;

    public Task<Message> SendAsync(long chatId, string text, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken) =>
        ThrottledAsync(chatId, ct => client.Api.SendMessage(chatId, Fit(text), replyMarkup: keyboard, cancellationToken: ct), cancellationToken);

    public async Task EditAsync(long chatId, int messageId, string text, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken)
    {
        try
        {
            await ThrottledAsync(chatId, ct => client.Api.EditMessageText(chatId, messageId, Fit(text), replyMarkup: keyboard, cancellationToken: ct), cancellationToken);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 400 && ex.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
        {
            // Already says this.
        }
    }

    public async Task AnswerCallbackAsync(string callbackQueryId, string? text, CancellationToken cancellationToken)
    {
        try
        {
            // Not a message to a chat: Telegram does not count it against the chat's limit.
            await client.Api.AnswerCallbackQuery(callbackQueryId, text, cancellationToken: cancellationToken);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 400)
        {
            // The press is older than Telegram keeps it open for; the edit of the message still tells what happened.
            LogStaleCallback(logger, ex.Message);
        }
    }

    public async Task<bool> DeleteAsync(long chatId, int messageId, CancellationToken cancellationToken)
    {
        try
        {
            // Not a message to the chat: not counted against its limit.
            await client.Api.DeleteMessage(chatId, messageId, cancellationToken);
            return true;
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 400)
        {
            LogNotDeleted(logger, chatId, ex.Message);
            return false;
        }
    }

    private async Task<T> ThrottledAsync<T>(long chatId, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var lease = await limiter.AcquireAsync(chatId, cancellationToken);
            try
            {
                return await call(cancellationToken);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 429 && attempt < MaxAttempts)
            {
                lease.Refused();
                var wait = TimeSpan.FromSeconds(Math.Max(1, ex.Parameters?.RetryAfter ?? 1));
                LogFlood(logger, chatId, wait.TotalSeconds);
                limiter.Bench(chatId, time.GetUtcNow() + wait);
            }
            catch (ApiRequestException)
            {
                lease.Refused();
                throw;
            }
        }
    }

    internal static string Fit(string text) => text.Length <= MaxText ? text : string.Concat(text.AsSpan(0, MaxText - 2), " …");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram asked the bot to wait {Seconds} s before writing to chat {ChatId} again")]
    private static partial void LogFlood(ILogger logger, long chatId, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message in chat {ChatId} could not be deleted: {Reason}")]
    private static partial void LogNotDeleted(ILogger logger, long chatId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A button press could not be answered: {Reason}")]
    private static partial void LogStaleCallback(ILogger logger, string reason);
}
