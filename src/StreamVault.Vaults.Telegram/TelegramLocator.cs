using System.Globalization;

namespace StreamVault.Vaults.Telegram;

/// <summary>Where one part lives: a document message in the storage channel. Kept in replica rows, never sent to a browser.
/// Text form "tg1:CHANNEL:MESSAGE:SIZE:DC" (DC the document was stored on when uploaded; a hint, FILE_MIGRATE corrects it),
/// and "tg1:CHANNEL:MESSAGE:SIZE:DC:USERNAME" for a document imported from another public channel than the storage channel:
/// each session finds that channel (its own access hash) by the username.</summary>
internal readonly record struct TelegramLocator(long ChannelId, int MessageId, long Size, int Dc, string? Username = null)
{
    private const string Prefix = "tg1";

    public override string ToString() => Username is null
        ? string.Create(CultureInfo.InvariantCulture, $"{Prefix}:{ChannelId}:{MessageId}:{Size}:{Dc}")
        : string.Create(CultureInfo.InvariantCulture, $"{Prefix}:{ChannelId}:{MessageId}:{Size}:{Dc}:{Username}");

    public static TelegramLocator Parse(string locator)
    {
        var parts = locator.Split(':');
        if (parts.Length is 5 or 6 && parts[0] == Prefix
            && (parts.Length == 5 || Channels.ChannelReference.IsUsername(parts[5]))
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var channel)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var message)
            && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            && int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var dc))
        {
            return new TelegramLocator(channel, message, size, dc, parts.Length == 6 ? parts[5] : null);
        }

        throw new ArgumentException($"'{locator}' is not a Telegram vault locator.", nameof(locator));
    }
}
