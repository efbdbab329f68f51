using Microsoft.Extensions.Options;
using StreamVault.Accounts;
using StreamVault.Platform;

namespace StreamVault.Bot.Commands;

/// <summary>/login: a one-time admin sign-in link, by the same rules as `streamvault admin-link` (valid once, for 24 h,
/// on PublicBaseUrl or the address `serve` listens on). Only in a private chat: a link in a group is anyone's.</summary>
internal sealed class LoginCommand(SignInLinks links, IOptions<StreamVaultOptions> shared) : IBotCommand
{
    public string Name => "login";

    public string Usage => "/login";

    public string Description => "A one-time sign-in link for the admin pages";

    public bool OwnerOnly => false;

    public bool PrivateChatOnly => true;

    public async Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var link = await links.CreateAdminLinkAsync(shared.Value, cancellationToken);
        var hours = SignInLinks.Lifetime.TotalHours.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
        var text = link.IsComplete
            ? $"Admin sign-in (one use, valid {hours} h):\n{link.Link}"
            : $"Admin sign-in path (one use, valid {hours} h): {link.Link}\nThe server's address is not known yet: open it on the server's address, or set StreamVault:PublicBaseUrl.";
        await context.ReplyAsync(text, cancellationToken);
    }
}
