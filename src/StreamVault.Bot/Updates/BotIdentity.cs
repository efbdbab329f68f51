namespace StreamVault.Bot.Updates;

/// <summary>The bot's own username (from getMe at start), so "/stats@other_bot" in a group is left to the other bot.</summary>
internal sealed class BotIdentity
{
    public string? Username { get; set; }
}
