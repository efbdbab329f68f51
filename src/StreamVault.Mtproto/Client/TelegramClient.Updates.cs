using System.Threading.Channels;
using Channel = System.Threading.Channels.Channel;
using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto;

/// <summary>Updates Telegram pushes about channels the account is in: new, edited and deleted posts.</summary>
public sealed partial class TelegramClient
{
    private readonly Channel<ChannelUpdate> _channelUpdates;
    private long _droppedChannelUpdates;

    /// <summary>
    /// New, edited and deleted posts of the channels this account is a member or admin of, as Telegram pushes them to
    /// the home DC's connection. Telegram pushes only while a connection is open and after the client made a call on it
    /// (any call: connecting makes one); a post made while disconnected is never pushed, so a reader that must miss
    /// nothing also reads the channel now and then. The receive loop never waits for a reader: past
    /// <see cref="TelegramClientOptions.ChannelUpdateCapacity"/> unread updates the oldest is dropped (and reported).
    /// Completes when the client is disposed.
    /// </summary>
    public ChannelReader<ChannelUpdate> ChannelUpdates => _channelUpdates.Reader;

    /// <summary>Pushed channel updates dropped unread because the reader fell behind.</summary>
    public long DroppedChannelUpdates => Interlocked.Read(ref _droppedChannelUpdates);

    private Channel<ChannelUpdate> NewChannelUpdates(TelegramClientOptions options) => Channel.CreateBounded<ChannelUpdate>(
        new BoundedChannelOptions(Math.Max(1, options.ChannelUpdateCapacity)) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = false, SingleWriter = false },
        dropped =>
        {
            Interlocked.Increment(ref _droppedChannelUpdates);
            options.ChannelUpdateDropped?.Invoke(dropped);
        });

    /// <summary>Runs on a receive loop (Telegram pushes on the home DC): maps and queues, never waits.</summary>
    private void OnUpdatesPushed(UpdatesBase updates)
    {
        foreach (var update in ChannelUpdatesOf(updates))
        {
            _channelUpdates.Writer.TryWrite(update);
        }
    }

    /// <summary>The channel post updates inside an updates object (updates, updatesCombined, updateShort); others are skipped.</summary>
    internal static IEnumerable<ChannelUpdate> ChannelUpdatesOf(UpdatesBase updates)
    {
        UpdateBase[] list = updates switch
        {
            Updates u => u.Updates_,
            UpdatesCombined c => c.Updates,
            UpdateShort s => [s.Update],
            _ => [], // updatesTooLong and private-chat shorts: nothing about channel posts
        };
        foreach (var update in list)
        {
            var mapped = update switch
            {
                UpdateNewChannelMessage { Message: var m } n when ChannelOf(m) is { } channel
                    => new ChannelUpdate(ChannelUpdateKind.Posted, channel, [IdOf(m)], n.Pts),
                UpdateEditChannelMessage { Message: var m } e when ChannelOf(m) is { } channel
                    => new ChannelUpdate(ChannelUpdateKind.Edited, channel, [IdOf(m)], e.Pts),
                UpdateDeleteChannelMessages d => new ChannelUpdate(ChannelUpdateKind.Deleted, d.ChannelId, [.. d.Messages], d.Pts),
                _ => null,
            };
            if (mapped is not null)
            {
                yield return mapped;
            }
        }
    }

    private static long? ChannelOf(MessageBase message) => message switch
    {
        Message { PeerId: PeerChannel p } => p.ChannelId,
        MessageService { PeerId: PeerChannel p } => p.ChannelId,
        MessageEmpty { PeerId: PeerChannel p } => p.ChannelId,
        _ => null,
    };

    private static int IdOf(MessageBase message) => message switch
    {
        Message m => m.Id,
        MessageService s => s.Id,
        MessageEmpty e => e.Id,
        _ => 0,
    };
}
