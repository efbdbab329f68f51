using System.Text;
using StreamVault.Bot.Access;

namespace StreamVault.Bot.Commands;

/// <summary>/help (and /start, what Telegram sends first): the registered commands this user may use, nothing else.</summary>
internal sealed class HelpCommand(IServiceProvider services) : IBotCommand
{
    public string Name => "help";

    public string Usage => "/help";

    public string Description => "What I can do";

    public bool OwnerOnly => false;

    public bool PrivateChatOnly => false;

    public Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = new StringBuilder("StreamVault manager. Commands:\n");
        // Resolved here, not injected: the list includes this command itself.
        foreach (var command in services.GetServices<IBotCommand>().Where(c => c is not StartCommand && (!c.OwnerOnly || context.Role == BotRole.Owner)))
        {
            text.Append('\n').Append(command.Usage).Append(" — ").Append(command.Description);
        }

        return context.ReplyAsync(text.ToString(), cancellationToken);
    }
}

/// <summary>/start: Telegram's first message to a bot; the same answer as /help.</summary>
internal sealed class StartCommand(IServiceProvider services) : IBotCommand
{
    public string Name => "start";

    public string Usage => "/start";

    public string Description => "Start: what I can do";

    public bool OwnerOnly => false;

    public bool PrivateChatOnly => false;

    public Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken) =>
        new HelpCommand(services).ExecuteAsync(context, cancellationToken);
}
