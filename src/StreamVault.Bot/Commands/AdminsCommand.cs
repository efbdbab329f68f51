using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StreamVault.Bot.Access;
using StreamVault.Data;
using StreamVault.Data.Entities;

namespace StreamVault.Bot.Commands;

/// <summary>/admins, /admins add ID, /admins remove ID — the owner's: who besides the owner may command the bot. Ids
/// from configuration are listed but changed only there.</summary>
internal sealed class AdminsCommand(CatalogDbContext db, IOptions<BotOptions> options, BotAccess access, TimeProvider time) : IBotCommand
{
    public string Name => "admins";

    public string Usage => "/admins [add|remove TELEGRAM-USER-ID]";

    public string Description => "Who may command the bot (owner only)";

    public bool OwnerOnly => true;

    public bool PrivateChatOnly => false;

    public async Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var words = context.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            await context.ReplyAsync(await ListAsync(cancellationToken), cancellationToken);
            return;
        }

        if (words is not [var verb, var idText] || verb is not ("add" or "remove")
            || !long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            await context.ReplyAsync($"Usage: {Usage}. A Telegram user id is a positive number.", cancellationToken);
            return;
        }

        var message = verb == "add" ? await AddAsync(context.UserId, id, cancellationToken) : await RemoveAsync(context.UserId, id, cancellationToken);
        await context.ReplyAsync(message, cancellationToken);
    }

    private async Task<string> AddAsync(long owner, long id, CancellationToken cancellationToken)
    {
        if (await access.RoleOfAsync(id, cancellationToken) != BotRole.Stranger)
        {
            return $"{id} may already command the bot.";
        }

        db.BotAdmins.Add(new BotAdmin { TelegramUserId = id, AddedAt = time.GetUtcNow().UtcDateTime, AddedBy = owner });
        await db.SaveChangesAsync(cancellationToken);
        await access.AuditAsync(owner, "bot.admin.add", Invariant(id), null, cancellationToken);
        return $"{id} is now an admin of the bot.";
    }

    private async Task<string> RemoveAsync(long owner, long id, CancellationToken cancellationToken)
    {
        if (options.Value.AdminIds.Contains(id) || options.Value.OwnerId == id)
        {
            return $"{id} is set in configuration (StreamVault:Bot); change it there.";
        }

        var removed = await db.BotAdmins.Where(a => a.TelegramUserId == id).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            return $"{id} is not an admin.";
        }

        await access.AuditAsync(owner, "bot.admin.remove", Invariant(id), null, cancellationToken);
        return $"{id} may no longer command the bot.";
    }

    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var bot = options.Value;
        var added = await db.BotAdmins.AsNoTracking().OrderBy(a => a.AddedAt).ToListAsync(cancellationToken);
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Owner: {bot.OwnerId}\n");
        text.Append("From configuration: ").Append(bot.AdminIds.Length == 0 ? "none" : string.Join(", ", bot.AdminIds)).Append('\n');
        text.Append("Added here: ").Append(added.Count == 0 ? "none" : string.Join(", ", added.Select(a => Invariant(a.TelegramUserId))));
        return text.ToString();
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
