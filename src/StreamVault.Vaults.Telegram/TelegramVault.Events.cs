using System.Runtime.CompilerServices;
using System.Threading.Channels;
using StreamVault.Mtproto;
using StreamVault.Vaults.Channels;

namespace StreamVault.Vaults.Telegram;

/// <summary>The channel updates Telegram pushes to the vault's sessions, merged into one stream of channel events.</summary>
internal sealed partial class TelegramVault : IChannelEventSource
{
    /// <summary>Events a listener may leave unread before the oldest is dropped: pushes never wait for a listener.</summary>
    private const int ListenerCapacity = 1024;

    /// <summary>Updates remembered to drop the copies other sessions get (every member is pushed the same one).</summary>
    private const int RememberedUpdates = 4096;

    /// <summary>Telegram closes a connection it hears nothing on; clients ping about once a minute.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _listening = new();
    private readonly Lock _listenersLock = new();
    private readonly List<Channel<ChannelEvent>> _listeners = [];
    private readonly HashSet<(long Channel, int Pts, ChannelUpdateKind Kind)> _seen = [];
    private readonly Queue<(long Channel, int Pts, ChannelUpdateKind Kind)> _seenOrder = new();
    // One pump per session, from the first listener on; sessions added later get theirs when they join.
    private List<Task>? _pumps;
    private readonly HashSet<string> _pumped = new(StringComparer.Ordinal);
    private int _stopped;

    string IChannelEventSource.VaultId => Id;

    public async IAsyncEnumerable<ChannelEvent> ListenAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var listener = Channel.CreateBounded<ChannelEvent>(
            new BoundedChannelOptions(ListenerCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => Log.EventDropped(_logger, dropped.Kind, dropped.ChannelId));
        lock (_listenersLock)
        {
            _listeners.Add(listener);
            // Sessions connect for the first listener only: a server nobody listens on keeps its lazy connections.
            _pumps ??= [];
            foreach (var session in Volatile.Read(ref _sessions))
            {
                PumpLocked(session);
            }
        }

        try
        {
            await foreach (var e in listener.Reader.ReadAllAsync(cancellationToken))
            {
                yield return e;
            }
        }
        finally
        {
            lock (_listenersLock)
            {
                _listeners.Remove(listener);
            }
        }
    }

    /// <summary>A session that joined the running vault listens too, once anyone listens.</summary>
    private void PumpJoined(TelegramSliceSession session)
    {
        lock (_listenersLock)
        {
            if (_pumps is not null)
            {
                PumpLocked(session);
            }
        }
    }

    private void PumpLocked(TelegramSliceSession session)
    {
        if (_pumped.Add(session.Id))
        {
            _pumps!.Add(Task.Run(() => session.PumpUpdatesAsync(Publish, KeepAlive, _listening.Token), CancellationToken.None));
        }
    }

    /// <summary>Runs on a session's pump: the first copy of an update goes to every listener, without waiting.</summary>
    private void Publish(ChannelUpdate update)
    {
        var kind = update.Kind switch
        {
            ChannelUpdateKind.Posted => ChannelEventKind.Posted,
            ChannelUpdateKind.Edited => ChannelEventKind.Edited,
            _ => ChannelEventKind.Deleted,
        };
        var e = new ChannelEvent(kind, update.ChannelId, update.MessageIds);
        lock (_listenersLock)
        {
            // The channel's pts after the update is the same for every account that is sent it.
            var key = (update.ChannelId, update.Pts, update.Kind);
            if (!_seen.Add(key))
            {
                return;
            }

            _seenOrder.Enqueue(key);
            if (_seenOrder.Count > RememberedUpdates)
            {
                _seen.Remove(_seenOrder.Dequeue());
            }

            foreach (var listener in _listeners)
            {
                listener.Writer.TryWrite(e);
            }
        }
    }

    /// <summary>Stops the sessions' listening before they are disposed.</summary>
    private async Task StopListeningAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _listening.CancelAsync();
        Task[]? pumps;
        lock (_listenersLock)
        {
            pumps = _pumps?.ToArray();
        }

        if (pumps is not null)
        {
            await Task.WhenAll(pumps);
        }

        _listening.Dispose();
    }
}
