using System.Text.RegularExpressions;

namespace StreamVault.Vaults.Channels;

/// <summary>
/// What an operator types to name a channel: <c>@name</c>, <c>name</c>, or a link <c>https://t.me/name</c>
/// (<c>t.me/name/123</c>, <c>t.me/s/name</c>, <c>telegram.me/name</c>). Only public channels can be found by name:
/// private links (<c>t.me/c/…</c>, <c>t.me/+…</c>, <c>joinchat</c>) are refused with the reason.
/// </summary>
public static partial class ChannelReference
{
    private static readonly HashSet<string> TelegramHosts = new(StringComparer.OrdinalIgnoreCase) { "t.me", "www.t.me", "telegram.me", "www.telegram.me" };

    /// <summary>The username (without @), or an error that says what is wrong and what to type instead.</summary>
    public static (string? Username, string? Error) Parse(string? text)
    {
        var value = (text ?? "").Trim();
        if (value.Length == 0)
        {
            return (null, "name the channel: @username or a https://t.me/username link");
        }

        if (value.StartsWith('@'))
        {
            value = value[1..];
        }
        else if (value.Contains('/', StringComparison.Ordinal) || value.Contains('.', StringComparison.Ordinal))
        {
            var link = value.Contains("://", StringComparison.Ordinal) ? value : "https://" + value;
            if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !TelegramHosts.Contains(uri.Host))
            {
                return (null, "not a channel: give @username or a https://t.me/username link");
            }

            var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length > 1 && segments[0] == "s")
            {
                segments = segments[1..];
            }

            if (segments.Length == 0)
            {
                return (null, "the link names no channel: give https://t.me/username");
            }

            if (segments[0] is "c" or "joinchat" || segments[0].StartsWith('+'))
            {
                return (null, "a private channel's link cannot be resolved by name: give the channel a public @username (it can be removed after the import)");
            }

            value = segments[0];
        }

        return IsUsername(value) ? (value, null) : (null, $"'{Printable(value)}' is not a channel username (5-32 letters, digits or _, starting with a letter)");
    }

    /// <summary>Telegram's username rule: 5 to 32 of a-z, 0-9 and _, starting with a letter.</summary>
    public static bool IsUsername(string value) => UsernamePattern().IsMatch(value);

    private static string Printable(string value) => new([.. value.Take(40).Where(c => !char.IsControl(c))]);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{4,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();
}
