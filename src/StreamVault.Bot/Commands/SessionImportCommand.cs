using System.Text;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Bot.Commands;

/// <summary>/session_import STRING… — the owner's, in a private chat: Pyrogram, Telethon or GramJS string sessions
/// (several on separate lines) checked with Telegram and added to the swarm, one answer line per session. The message
/// holding the strings is deleted (<see cref="IBotCommand.SecretArguments"/>) and never audited or quoted.</summary>
internal sealed class SessionImportCommand(IServiceProvider services) : IBotCommand
{
    public string Name => "session_import";

    public string Usage => "/session_import STRING";

    public string Description => "Add Pyrogram/Telethon/GramJS string sessions to the swarm (owner, private chat)";

    public bool OwnerOnly => true;

    public bool PrivateChatOnly => true;

    public bool SecretArguments => true;

    public async Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (services.GetService<ITelegramSessionAdmin>() is not { } sessions)
        {
            await context.ReplyAsync(TelegramSessions.NotTelegramVault, cancellationToken);
            return;
        }

        if (context.Arguments.Length == 0)
        {
            await context.ReplyAsync($"Usage: {Usage} — one string session a line; I delete your message once it is read.", cancellationToken);
            return;
        }

        var changes = await sessions.ImportTextAsync(context.Arguments, context.Actor, cancellationToken);
        var answer = new StringBuilder();
        foreach (var change in changes)
        {
            answer.Append(change.Line).Append('\n');
        }

        await context.ReplyAsync(answer.Append("Deleting your message that held it.").ToString(), cancellationToken);
    }
}
