using Microsoft.Extensions.Logging;
using StreamVault.Vaults.Channels;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Vaults.Telegram;

/// <summary>
/// A vault in a Telegram channel: an object is uploaded as one channel document per part (parts up to
/// <see cref="TelegramVaultOptions.MaxPartSize"/>), read back through the session swarm one 1 MiB window at a time,
/// and taken down by deleting its messages. The locator names channel and message; it never reaches a browser.
/// </summary>
internal sealed partial class TelegramVault : ISliceVault, ISwarmOwner, IChannelPostReader, IAsyncDisposable, IDisposable
{
    private const int Window = Vaults.Caching.SliceMath.SliceSize;
    private readonly TelegramSessionFolder _folder;
    private readonly Lock _change = new();
    // Replaced whole when a session joins or leaves, so readers (uploads, deletes, DC checks) never see it half-changed.
    private TelegramSliceSession[] _sessions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _nextUploader;

    public TelegramVault(TelegramVaultOptions options, TimeProvider time, ILogger logger)
    {
        Options = options;
        _time = time;
        _logger = logger;
        _folder = new TelegramSessionFolder(options.SessionsFolder!, options.SessionPassphrase);
        _sessions = [.. _folder.List().Select(NewSession)];
        Swarm = SessionSwarms.Create(options.VaultId, _sessions, options.Swarm, time, logger);
    }

    private TelegramSliceSession NewSession(TelegramSessionInfo info) => new(info, Options, _folder, ServesDc, _time, _logger);

    private bool ServesDc(int dc) => Volatile.Read(ref _sessions).Any(s => s.Dc == dc);

    /// <summary>A session saved while the server runs joins the swarm at once (false when it is already in it).</summary>
    internal bool AddSession(TelegramSessionInfo info)
    {
        lock (_change)
        {
            if (_sessions.Any(s => s.Id == info.Id))
            {
                return false;
            }

            var session = NewSession(info);
            Swarm.AddSession(session);
            Volatile.Write(ref _sessions, [.. _sessions, session]);
            PumpJoined(session);
        }

        return true;
    }

    /// <summary>Takes a session out of the swarm and closes its connection; false when it was not in it.</summary>
    internal async Task<bool> RemoveSessionAsync(string id)
    {
        TelegramSliceSession? gone;
        lock (_change)
        {
            gone = _sessions.FirstOrDefault(s => s.Id == id);
            if (gone is null)
            {
                return false;
            }

            Swarm.RemoveSession(id);
            Volatile.Write(ref _sessions, [.. _sessions.Where(s => s != gone)]);
        }

        // A request still in flight on it fails and is retried on another session, as after any dropped connection.
        await gone.DisposeAsync();
        return true;
    }

    public TelegramVaultOptions Options { get; }

    public ISessionSwarm Swarm { get; }

    public IReadOnlyList<TelegramSessionInfo> Sessions => [.. Volatile.Read(ref _sessions).Select(s => s.Info)];

    public string Id => Options.VaultId;

    public long MaxPartSize => Options.MaxPartSize;

    public double SpareBudget => Swarm.SpareBudget;

    public async Task<StoredObject> WriteAsync(string key, Stream content, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        VaultKeys.EnsureValid(key);

        var staging = Options.StagingFolder ?? Path.GetTempPath();
        Directory.CreateDirectory(staging);
        var written = new List<StoredPart>();
        long before = 0;
        try
        {
            // Progress is upload progress (the client reports per 512 KiB part), not how fast the staging file fills.
            var parts = await PartWriter.WriteAsync(content, MaxPartSize, async (index, source, ct) =>
            {
                // The client wants a seekable stream of known length per document, so each part is staged in a temp file.
                var tempPath = Path.Combine(staging, $"sv-tg-{Guid.NewGuid():N}.partial");
                await using var part = new FileStream(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
                await source.CopyToAsync(part, Window, ct);
                var partLength = part.Length;
                if (partLength == 0)
                {
                    throw new ArgumentException("Telegram cannot store an empty file.", nameof(content));
                }

                var offsetOfPart = before;
                var uploaded = await UploadAsync(part, $"{key}.{index:D4}", progress is null ? null : new Progress(p => progress.Report(offsetOfPart + p)), ct);
                before += partLength;
                var stored = new StoredPart(index, new TelegramLocator(uploaded.Channel, uploaded.MessageId, partLength, uploaded.Dc).ToString(), partLength);
                written.Add(stored);
                return stored;
            }, progress: null, cancellationToken);
            return new StoredObject(Id, parts);
        }
        catch
        {
            // Nothing half-done stays in the channel: the caller never learns these locators.
            await DeleteQuietlyAsync(written);
            throw;
        }
    }

    /// <summary>Uploads one staged part with the next session (round robin); the client retries each 512 KiB file part on its own.</summary>
    private async Task<(long Channel, int MessageId, int Dc)> UploadAsync(FileStream part, string name, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var sessions = Volatile.Read(ref _sessions);
        if (sessions.Length == 0)
        {
            throw new VaultUnavailableException($"Vault {Id} has no Telegram session to upload with: add one (dashboard, bot or `streamvault session add`).");
        }

        var session = sessions[(int)((uint)Interlocked.Increment(ref _nextUploader) % sessions.Length)];
        var (client, channel) = await session.ConnectAsync(cancellationToken);
        part.Position = 0;
        var uploaded = await client.UploadDocumentAsync(channel, name, part, progress, cancellationToken);
        return (channel.Id, uploaded.MessageId, uploaded.Location.DcId);
    }

    /// <summary>Unbudgeted callers (the direct path) read one window per call, at demand priority.</summary>
    public async ValueTask<int> ReadAsync(string locator, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var length = TelegramLocator.Parse(locator).Size;
        if (offset >= length || destination.Length == 0)
        {
            return 0;
        }

        var count = (int)Math.Min(destination.Length, Math.Min(length - offset, Window - (offset % Window)));
        await ReadSliceAsync(locator, offset, destination[..count], new SliceFetchTicket(SliceFetchPriority.Demand), cancellationToken);
        return count;
    }

    public async Task ReadSliceAsync(string locator, long offset, Memory<byte> destination, SliceFetchTicket ticket, CancellationToken cancellationToken)
    {
        var length = TelegramLocator.Parse(locator).Size;
        if (offset < 0 || offset + destination.Length > length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"{offset}+{destination.Length} is beyond the part's {length} bytes.");
        }

        await Swarm.ReadWindowedAsync(locator, length, offset, destination, ticket, cancellationToken);
    }

    string IChannelPostReader.VaultId => Id;

    /// <summary>Channel reads are guesses next to a viewer's slice: read-ahead priority, so they never use the reserve
    /// kept for viewers and queue behind demand.</summary>
    private static SliceFetchTicket ChannelReadTicket() => new(SliceFetchPriority.ReadAhead);

    public async Task<ChannelInfo> ResolveAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(username);
        var name = username.TrimStart('@');
        var found = await Swarm.CallAsync((session, ct) => ((TelegramSliceSession)session).ResolveAsync(name, ct), ChannelReadTicket(), cancellationToken);
        return found is null
            ? throw new ChannelNotFoundException($"No public channel is named @{name}.")
            : new ChannelInfo(Id, found.Id, name, name);
    }

    public async Task<IReadOnlyList<ChannelPost?>> ReadAsync(ChannelInfo channel, IReadOnlyList<int> messageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count > IChannelPostReader.MaxIdsPerCall)
        {
            throw new ArgumentException($"At most {IChannelPostReader.MaxIdsPerCall} ids per read.", nameof(messageIds));
        }

        // Documents of the storage channel keep the short locator its uploads have; others name their channel.
        var username = string.Equals(channel.Username, Options.Channel.TrimStart('@'), StringComparison.OrdinalIgnoreCase) ? null : channel.Username;
        var messages = await Swarm.CallAsync(
            (session, ct) => ((TelegramSliceSession)session).ReadMessagesAsync(channel.Id, username, messageIds, ct), ChannelReadTicket(), cancellationToken);
        var byId = messages.Where(m => !m.Empty && m.Id != 0).ToDictionary(m => m.Id);
        return [.. messageIds.Select(id => byId.TryGetValue(id, out var m) ? ToPost(channel.Id, username, m) : null)];
    }

    private static ChannelPost ToPost(long channelId, string? username, Mtproto.ChannelMessage message)
    {
        ChannelDocument? document = null;
        if (message.Document is { } d)
        {
            var locator = new TelegramLocator(channelId, message.Id, d.Size, d.DcId, username).ToString();
            var video = message.Video is { } v ? new ChannelVideo(v.DurationSeconds, v.Width, v.Height) : null;
            document = new ChannelDocument(d.DocumentId, message.FileName, message.MimeType, d.Size, d.DcId, locator, video);
        }

        return new ChannelPost(message.Id, message.Text, document);
    }

    /// <summary>Takedown: deletes the part's channel message (a message already gone is fine).</summary>
    public async Task DeleteAsync(string locator, CancellationToken cancellationToken)
    {
        var parsed = TelegramLocator.Parse(locator);
        Exception? last = null;
        foreach (var session in Volatile.Read(ref _sessions))
        {
            try
            {
                var (client, channel) = await session.ConnectAsync(cancellationToken);
                if (channel.Id != parsed.ChannelId)
                {
                    throw new InvalidOperationException($"Part {parsed.MessageId} is in channel {parsed.ChannelId}, not in the configured channel {Options.Channel}.");
                }

                await client.DeleteMessagesAsync(channel, [parsed.MessageId], cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && ex is not InvalidOperationException)
            {
                // FLOOD_WAIT, a dropped connection or a session without the right: try the next account.
                last = ex;
                Log.DeleteFailed(_logger, ex, session.Id, parsed.MessageId);
            }
        }

        throw new VaultUnavailableException($"No session of vault {Id} could delete message {parsed.MessageId}.", last);
    }

    private async Task DeleteQuietlyAsync(List<StoredPart> parts)
    {
        foreach (var part in parts)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), _time);
                await DeleteAsync(part.Locator, timeout.Token);
            }
#pragma warning disable CA1031 // cleanup after a failed upload: the upload's own error is what the caller sees; an orphan is only logged
            catch (Exception ex)
            {
                Log.OrphanNotDeleted(_logger, ex, part.Locator);
            }
#pragma warning restore CA1031
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopListeningAsync();
        Swarm.Dispose();
        foreach (var session in Volatile.Read(ref _sessions))
        {
            await session.DisposeAsync();
        }
    }

    // Only a container disposed synchronously calls this (hosts dispose asynchronously), and it must not return before
    // the sessions' sockets are closed; the server has no SynchronizationContext to deadlock on.
#pragma warning disable RS0030 // sync IDisposable over the async disposal, see above
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
#pragma warning restore RS0030


    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Session {Session} could not delete message {Message}.")]
        public static partial void DeleteFailed(ILogger logger, Exception exception, string session, int message);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the orphan part {Locator} after a failed upload.")]
        public static partial void OrphanNotDeleted(ILogger logger, Exception exception, string locator);

        [LoggerMessage(Level = LogLevel.Warning, Message = "A {Kind} event of channel {Channel} was dropped unread (a listener fell behind); auto-index's next look at the channel catches up.")]
        public static partial void EventDropped(ILogger logger, ChannelEventKind kind, long channel);
    }
}
