using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamVault.Mtproto;
using StreamVault.Mtproto.Transport;
using StreamVault.Vaults.Swarm;
using TgFileMigrate = StreamVault.Mtproto.FileMigrateException;
using TgFloodWait = StreamVault.Mtproto.FloodWaitException;
using TgReferenceExpired = StreamVault.Mtproto.FileReferenceExpiredException;

namespace StreamVault.Vaults.Telegram;

/// <summary>
/// One saved login (bot or user) as a swarm session: connects on first use, resolves the channel with its own access
/// hash, keeps a file location per part (each account has its own file references) and reads with upload.getFile.
/// Telegram's errors become the swarm's: FLOOD_WAIT benches, FILE_REFERENCE_EXPIRED refreshes, FILE_MIGRATE re-routes.
/// </summary>
internal sealed partial class TelegramSliceSession : ISliceBackendSession, IAsyncDisposable
{
    private const int Slice = Caching.SliceMath.SliceSize;
    private const int MinLimit = 4096;
    private readonly TelegramVaultOptions _options;
    private readonly TelegramSessionFolder _folder;
    private readonly Func<int, bool> _swarmServesDc;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _connect = new(1, 1);
    // Cancelled when the session is closed (removed from the swarm, or the vault stops): its update pump ends with it.
    private readonly CancellationTokenSource _closed = new();
    private readonly ConcurrentDictionary<string, FileLocation> _locations = new(StringComparer.Ordinal);
    // Channels other than the storage channel (imported ones), as this account addresses them: its own access hash.
    private readonly ConcurrentDictionary<long, TelegramChannel> _otherChannels = new();
    private TelegramClient? _client;
    private TelegramChannel? _channel;

    public TelegramSliceSession(
        TelegramSessionInfo info, TelegramVaultOptions options, TelegramSessionFolder folder, Func<int, bool> swarmServesDc, TimeProvider? time = null, ILogger? logger = null)
    {
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Info = info;
        _options = options;
        _folder = folder;
        _swarmServesDc = swarmServesDc;
    }

    public TelegramSessionInfo Info { get; }

    public string Id => Info.Id;

    public int Dc => Info.Dc;

    /// <summary>The connected client and the storage channel as this account addresses it.</summary>
    public async Task<(TelegramClient Client, TelegramChannel Channel)> ConnectAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _client) is { } ready && _channel is { } known)
        {
            return (ready, known);
        }

        await _connect.WaitAsync(cancellationToken);
        try
        {
            if (_client is null || _channel is null)
            {
                var client = new TelegramClient(_options.ClientOptions(Info.Dc, _folder.Store(Info.Id), _time, _logger));
                try
                {
                    await client.ConnectAsync(cancellationToken);
                    if (client.Self is null)
                    {
                        throw new InvalidOperationException($"Telegram session {Info.Id} is not logged in; remove it and add it again with `streamvault session add`.");
                    }

                    _channel = await client.ResolveChannelAsync(_options.Channel, cancellationToken);
                }
                catch
                {
                    await client.DisposeAsync();
                    throw;
                }

                Volatile.Write(ref _client, client);
            }

            return (_client, _channel);
        }
        finally
        {
            _connect.Release();
        }
    }

    public async ValueTask<int> GetSliceAsync(string locator, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        try
        {
            var (client, _) = await ConnectAsync(cancellationToken);
            var location = await LocationAsync(locator, cancellationToken);
            if (location.DcId != 0 && location.DcId != Dc && _swarmServesDc(location.DcId))
            {
                // Sessions at home on the file's DC read it without an exported authorization: hand the request to them.
                throw new Swarm.FileMigrateException(location.DcId);
            }

            var done = 0;
            while (done < destination.Length)
            {
                var position = offset + done;
                var remaining = destination.Length - done;
                var limit = LimitFor(position, remaining);
                int read;
                if (limit <= remaining)
                {
                    read = await client.DownloadAsync(location, position, limit, destination.Slice(done, limit), cancellationToken);
                    done += read;
                }
                else
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(limit);
                    try
                    {
                        read = await client.DownloadAsync(location, position, limit, buffer.AsMemory(0, limit), cancellationToken);
                        var keep = Math.Min(read, remaining);
                        buffer.AsSpan(0, keep).CopyTo(destination.Span[done..]);
                        done += keep;
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }

                if (read < limit)
                {
                    break; // end of the document
                }
            }

            return done;
        }
        catch (Exception ex) when (Map(ex, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async ValueTask RefreshFileReferenceAsync(string locator, CancellationToken cancellationToken)
    {
        try
        {
            _locations[locator] = await ReadLocationAsync(locator, cancellationToken);
        }
        catch (Exception ex) when (Map(ex, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>The upload.getFile limit for a read at <paramref name="position"/>: a power of two from 4 KiB to 1 MiB that
    /// <paramref name="position"/> is a multiple of (so it never crosses a 1 MiB boundary), the smallest that covers
    /// <paramref name="remaining"/> if possible.</summary>
    internal static int LimitFor(long position, int remaining)
    {
        if (position % MinLimit != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(position), "upload.getFile offsets are multiples of 4 KiB.");
        }

        var limit = MinLimit;
        while (limit < Slice && limit < remaining && position % (limit * 2) == 0)
        {
            limit *= 2;
        }

        return limit;
    }

    private async ValueTask<FileLocation> LocationAsync(string locator, CancellationToken cancellationToken) =>
        _locations.TryGetValue(locator, out var known) ? known : _locations[locator] = await ReadLocationAsync(locator, cancellationToken);

    /// <summary>Re-reads the part's message: a fresh file reference (and the document's DC) for this account.</summary>
    private async Task<FileLocation> ReadLocationAsync(string locator, CancellationToken cancellationToken)
    {
        var parsed = TelegramLocator.Parse(locator);
        var (client, channel) = await ChannelAsync(parsed.ChannelId, parsed.Username, cancellationToken);
        var messages = await client.GetMessagesAsync(channel, [parsed.MessageId], cancellationToken);
        return messages.FirstOrDefault(m => m.Id == parsed.MessageId)?.Document
            ?? throw new FileNotFoundException($"Message {parsed.MessageId} of channel {parsed.ChannelId} holds no document (deleted?).");
    }

    /// <summary>The channel <paramref name="channelId"/> as this account addresses it: the storage channel, or one found
    /// by <paramref name="username"/> (an imported channel).</summary>
    private async Task<(TelegramClient Client, TelegramChannel Channel)> ChannelAsync(long channelId, string? username, CancellationToken cancellationToken)
    {
        var (client, storage) = await ConnectAsync(cancellationToken);
        if (storage.Id == channelId)
        {
            return (client, storage);
        }

        if (_otherChannels.TryGetValue(channelId, out var known))
        {
            return (client, known);
        }

        if (username is null)
        {
            // Every session reads the same configured channel, so none of them can serve this part.
            throw new PermanentBackendException($"Part of channel {channelId} is not in the configured channel {_options.Channel}, and names no channel to look up.");
        }

        var found = await client.ResolveChannelAsync(username, cancellationToken);
        if (found.Id != channelId)
        {
            throw new PermanentBackendException($"@{username} is now another channel than the one imported ({channelId}).");
        }

        _otherChannels[channelId] = found;
        return (client, found);
    }

    /// <summary>The channel named <paramref name="username"/>, or null when no channel has that name.</summary>
    public async ValueTask<TelegramChannel?> ResolveAsync(string username, CancellationToken cancellationToken)
    {
        try
        {
            var (client, storage) = await ConnectAsync(cancellationToken);
            if (string.Equals(username, _options.Channel.TrimStart('@'), StringComparison.OrdinalIgnoreCase))
            {
                return storage;
            }

            var found = await client.ResolveChannelAsync(username, cancellationToken);
            _otherChannels[found.Id] = found;
            return found;
        }
        catch (RpcErrorException ex) when (ex.Code == 400 && ex.ErrorMessage is "USERNAME_NOT_OCCUPIED" or "USERNAME_INVALID")
        {
            return null;
        }
        catch (InvalidDataException)
        {
            return null; // the name is a user or a group, not a channel
        }
        catch (Exception ex) when (Map(ex, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>Messages of a channel by id (one channels.getMessages), as this account reads them.</summary>
    public async ValueTask<IReadOnlyList<ChannelMessage>> ReadMessagesAsync(long channelId, string? username, IReadOnlyList<int> messageIds, CancellationToken cancellationToken)
    {
        try
        {
            var (client, channel) = await ChannelAsync(channelId, username, cancellationToken);
            return await client.GetMessagesAsync(channel, messageIds, cancellationToken);
        }
        catch (Exception ex) when (Map(ex, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>
    /// Keeps this account connected and hands every channel update Telegram pushes to it to <paramref name="publish"/>,
    /// until <paramref name="listening"/> ends or the session is closed. Telegram pushes only over an open connection, and the client
    /// reconnects only for a call, so a ping every <paramref name="keepAlive"/> notices a lost connection and opens a
    /// new one. A failure (not logged in, Telegram unreachable) is logged and tried again, waiting longer each time.
    /// </summary>
    public async Task PumpUpdatesAsync(Action<ChannelUpdate> publish, TimeSpan keepAlive, CancellationToken listening)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(listening, _closed.Token);
        var cancellationToken = both.Token;
        var backoff = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var (client, _) = await ConnectAsync(cancellationToken);
                backoff = TimeSpan.FromSeconds(1);
                while (true)
                {
                    using var timer = new CancellationTokenSource(keepAlive, _time);
                    using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
                    try
                    {
                        while (await client.ChannelUpdates.WaitToReadAsync(tick.Token))
                        {
                            while (client.ChannelUpdates.TryRead(out var update))
                            {
                                publish(update);
                            }
                        }

                        return; // the client was disposed: the vault is closing
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        await client.PingAsync(cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the listener outlives any one failure: it logs, waits and connects again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.ListenFailed(_logger, ex, Id, backoff);
                try
                {
                    await Task.Delay(backoff, _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(5).Ticks));
            }
        }
    }

    /// <summary>
    /// The swarm's typed error for a library error; null leaves the exception as it is. Per outcome: the session waits
    /// (FLOOD_WAIT), the reference is refreshed, the request moves to the file's DC, it is tried on another session
    /// (transient: connection, timeout, Telegram's 5xx, and anything not named here, such as a session that lost its
    /// login), or it fails at once because no session could serve it as asked (permanent: a CDN redirect, a request
    /// upload.getFile's rules forbid, a part outside the configured channel).
    /// </summary>
    private Exception? Map(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        TgFloodWait flood => new Swarm.FloodWaitException(TimeSpan.FromSeconds(Math.Max(1, flood.Seconds))),
        TgReferenceExpired => new Swarm.FileReferenceExpiredException(ex.Message, ex),
        TgFileMigrate migrate when _swarmServesDc(migrate.Dc) => new Swarm.FileMigrateException(migrate.Dc),
        TgFileMigrate => new TransientBackendException($"{ex.Message}: no session of this vault is at home on DC {((TgFileMigrate)ex).Dc} and following the redirect failed.", ex),
        // Telegram only sends clients that ask for CDN downloads there; another session would be redirected the same.
        CdnRedirectNotSupportedException => new PermanentBackendException($"Telegram session {Id}: {ex.Message}", ex),
        ArgumentException => new PermanentBackendException($"Telegram session {Id}: the request cannot be sent as asked: {ex.Message}", ex),
        RpcErrorException { Code: >= 500 or < 0 } => new TransientBackendException($"Telegram session {Id}: {ex.Message}", ex),
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        IOException or TransportException or TimeoutException or System.Net.Sockets.SocketException or OperationCanceledException
            => new TransientBackendException($"Telegram session {Id}: {ex.Message}", ex),
        _ => null,
    };

    public async ValueTask DisposeAsync()
    {
        await _closed.CancelAsync();
        if (_client is { } client)
        {
            await client.DisposeAsync();
        }

        _connect.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram session {Session} cannot listen for channel updates; trying again in {Delay}.")]
        public static partial void ListenFailed(ILogger logger, Exception exception, string session, TimeSpan delay);
    }
}
