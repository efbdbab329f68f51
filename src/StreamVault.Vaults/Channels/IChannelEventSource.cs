namespace StreamVault.Vaults.Channels;

public enum ChannelEventKind
{
    Posted,
    Edited,
    Deleted,
}

/// <summary>Something happened to posts of a channel: <see cref="ChannelId"/> is Telegram's id (no -100 prefix).</summary>
public sealed record ChannelEvent(ChannelEventKind Kind, long ChannelId, IReadOnlyList<int> MessageIds);

/// <summary>
/// Posts appearing, edited or deleted in the channels a vault's sessions are members of, as the backend pushes them
/// (Telegram's updates). Best effort: nothing is pushed while a session is disconnected, and a listener that falls far
/// behind loses the oldest events, so whoever must miss nothing also reads the channels now and then.
/// </summary>
public interface IChannelEventSource
{
    string VaultId { get; }

    /// <summary>The events from now on until <paramref name="cancellationToken"/> ends; the first listener connects the sessions.
    /// Each listener gets every event once, however many sessions saw it.</summary>
    IAsyncEnumerable<ChannelEvent> ListenAsync(CancellationToken cancellationToken);
}
