namespace StreamVault.Vaults.Channels;

/// <summary>A channel as a vault's sessions address it. <see cref="Id"/> and <see cref="Username"/> stay on the server:
/// neither is ever shown to a visitor.</summary>
public sealed record ChannelInfo(string VaultId, long Id, string Username, string Title);

/// <summary>
/// A document already posted in a channel, readable in place: <see cref="Locator"/> is a part locator of the vault
/// <see cref="ChannelInfo.VaultId"/> (nothing is uploaded again). <see cref="Video"/> is the document's own video
/// attribute, when the poster's client set one.
/// </summary>
public sealed record ChannelDocument(long DocumentId, string? FileName, string? MimeType, long Size, int Dc, string Locator, ChannelVideo? Video);

public sealed record ChannelVideo(double DurationSeconds, int Width, int Height);

/// <summary>One message of a channel: its caption (text) and its document, if any.</summary>
public sealed record ChannelPost(int MessageId, string Caption, ChannelDocument? Document);

/// <summary>
/// Reads a channel's messages by id through a vault's session swarm, within its budget (bots cannot call
/// messages.getHistory). Implemented by vaults that live in channels (Telegram); import and auto-index use it.
/// </summary>
public interface IChannelPostReader
{
    string VaultId { get; }

    /// <summary>Finds a public channel by its username; <see cref="ChannelNotFoundException"/> when there is none.</summary>
    Task<ChannelInfo> ResolveAsync(string username, CancellationToken cancellationToken);

    /// <summary>The messages with <paramref name="messageIds"/> (at most <see cref="MaxIdsPerCall"/>), in that order;
    /// null where the id holds no message (deleted, or past the newest).</summary>
    Task<IReadOnlyList<ChannelPost?>> ReadAsync(ChannelInfo channel, IReadOnlyList<int> messageIds, CancellationToken cancellationToken);

    /// <summary>Telegram answers at most 100 ids per channels.getMessages.</summary>
    const int MaxIdsPerCall = 100;
}

public sealed class ChannelNotFoundException : Exception
{
    public ChannelNotFoundException()
    {
    }

    public ChannelNotFoundException(string message)
        : base(message)
    {
    }

    public ChannelNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
