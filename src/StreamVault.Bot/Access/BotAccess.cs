using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StreamVault.Data;
using StreamVault.Data.Entities;

namespace StreamVault.Bot.Access;

public enum BotRole
{
    /// <summary>Anyone else: gets one short refusal and nothing more.</summary>
    Stranger,
    Admin,
    Owner,
}

/// <summary>Who may command the bot: the owner and the admins of configuration by Telegram user id, and those the owner
/// added (<see cref="CatalogDbContext.BotAdmins"/>). Every command, allowed or refused, is written to the audit log.</summary>
internal sealed class BotAccess(CatalogDbContext db, IOptions<BotOptions> options, TimeProvider time)
{
    // An audit row keeps what was typed, cut to a length that cannot flood the table.
    private const int MaxDetail = 500;

    public async Task<BotRole> RoleOfAsync(long userId, CancellationToken cancellationToken)
    {
        var bot = options.Value;
        if (userId == bot.OwnerId)
        {
            return BotRole.Owner;
        }

        return bot.AdminIds.Contains(userId) || await db.BotAdmins.AnyAsync(a => a.TelegramUserId == userId, cancellationToken)
            ? BotRole.Admin
            : BotRole.Stranger;
    }

    /// <summary>Everyone who may command the bot — the owner, the admins of configuration and those the owner added —
    /// once each, for notifications to their private chats (a user's private chat id is their user id).</summary>
    public async Task<IReadOnlyList<long>> AdminIdsAsync(CancellationToken cancellationToken)
    {
        var bot = options.Value;
        var added = await db.BotAdmins.AsNoTracking().Select(a => a.TelegramUserId).ToListAsync(cancellationToken);
        return [.. new[] { bot.OwnerId ?? 0 }.Concat(bot.AdminIds).Concat(added).Where(id => id > 0).Distinct()];
    }

    public static string Actor(long userId) => "telegram:" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task AuditAsync(long userId, string action, string target, string? detail, CancellationToken cancellationToken)
    {
        db.Audit.Add(new AuditEntry
        {
            At = time.GetUtcNow().UtcDateTime,
            Actor = Actor(userId),
            Action = action,
            Target = target,
            Detail = detail is { Length: > MaxDetail } ? detail[..MaxDetail] : detail,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
