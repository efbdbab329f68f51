using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using StreamVault.Mtproto.Crypto;
using StreamVault.Mtproto.Transport;

namespace StreamVault.Mtproto.TestServer;

public sealed class TestServerOptions
{
    /// <summary>Number of DCs, each on its own loopback port (DC 1 on the port given to StartAsync).</summary>
    public int DcCount { get; set; } = 2;

    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Bind address; loopback by default.</summary>
    public IPAddress Address { get; set; } = IPAddress.Loopback;
}

public sealed record TestChannel(long Id, long AccessHash, string Username);

public sealed record TestDocument(int MessageId, long DocumentId, long Size);

/// <summary>documentAttributeVideo of a posted document: duration in seconds and frame size.</summary>
public sealed record TestVideo(double DurationSeconds, int Width, int Height);

/// <summary>One upload part call as the server received it: the part index and the server clock's time.</summary>
public sealed record UploadPartArrival(long FileId, int Part, DateTimeOffset At);

/// <summary>
/// An in-process fake Telegram: MTProto handshake and encrypted sessions on loopback TCP, with its own RSA key,
/// an in-memory store of bots, users, channels and documents, and scriptable faults.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly RSA _rsa;
    private readonly ServerState _state;
    private readonly List<Socket> _listeners = [];
    private readonly CancellationTokenSource _cts = new();
    private readonly List<Task> _loops = [];

    private TestServer(TestServerOptions options)
    {
        _rsa = RSA.Create(2048);
        _state = new ServerState(_rsa, options.Time);
    }

    /// <summary>The server's RSA public key in the same PKCS#1 PEM form as telegram_rsa_public_keys.txt.</summary>
    public string PublicKeyPem => _rsa.ExportRSAPublicKeyPem();

    public RsaPublicKey PublicKey => _state.Key;

    public IReadOnlyDictionary<int, IPEndPoint> Endpoints => _state.Endpoints;

    public TestServerFaults Faults => _state.Faults;

    /// <summary>Calls served per API method name (e.g. "upload.getFile"), for tests that check client behaviour.</summary>
    public int CallCount(string method) => _state.CallCounts.GetValueOrDefault(method);

    /// <summary>Service messages received of one kind ("msg_container", "msgs_ack", "ping", "msgs_state_req", ...).</summary>
    public int ReceivedCount(string kind) => _state.ReceivedCounts.GetValueOrDefault(kind);

    /// <summary>Every upload.saveFilePart / saveBigFilePart the server received, in arrival order, failed ones included:
    /// tests see which parts a client re-sent and when.</summary>
    public IReadOnlyList<UploadPartArrival> UploadPartArrivals => [.. _state.UploadPartArrivals];

    /// <summary>Shifts the server clock, to provoke bad_msg_notification 16/17 from clients.</summary>
    public TimeSpan ClockSkew { get => _state.ClockSkew; set => _state.ClockSkew = value; }

    public static Task<TestServer> StartAsync(int port = 0, TestServerOptions? options = null)
    {
        options ??= new TestServerOptions();
        var server = new TestServer(options);
        for (var dc = 1; dc <= options.DcCount; dc++)
        {
            var listener = new Socket(options.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(options.Address, dc == 1 ? port : 0));
            listener.Listen(64);
            server._listeners.Add(listener);
            server._state.Endpoints[dc] = (IPEndPoint)listener.LocalEndPoint!;
            var dcId = dc;
            server._loops.Add(Task.Run(() => server.AcceptLoopAsync(listener, dcId)));
        }
        return Task.FromResult(server);
    }

    private async Task AcceptLoopAsync(Socket listener, int dcId)
    {
        var ct = _cts.Token;
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                try
                {
                    var transport = await MtTransport.AcceptAsync(socket, ct).ConfigureAwait(false);
                    using var connection = new ServerConnection(_state, dcId, transport);
                    await connection.RunAsync(ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    socket.Dispose();
                }
            }, ct);
        }
    }

    /// <summary>Registers a bot whose token logs in on <paramref name="homeDc"/>; returns its user id.</summary>
    public long AddBot(string token, int homeDc = 1)
    {
        lock (_state.Sync)
        {
            var u = new StoredUser { Id = _state.NextId() % 1_000_000_000, AccessHash = _state.NextId(), Bot = true, FirstName = "bot", HomeDc = homeDc };
            _state.Users[u.Id] = u;
            _state.BotsByToken[token] = u;
            return u.Id;
        }
    }

    /// <summary>Registers a user that signs in with <paramref name="code"/> and, if given, a 2FA password.</summary>
    public long AddUser(string phone, string code, string? password = null, int homeDc = 1)
    {
        lock (_state.Sync)
        {
            var u = new StoredUser { Id = _state.NextId() % 1_000_000_000, AccessHash = _state.NextId(), FirstName = "user", Phone = phone, Code = code, Password = password, HomeDc = homeDc };
            _state.Users[u.Id] = u;
            _state.UsersByPhone[phone] = u;
            return u.Id;
        }
    }

    public TestChannel AddChannel(string username, string title = "channel")
    {
        lock (_state.Sync)
        {
            var ch = new StoredChannel { Id = _state.NextId() % 1_000_000_000_000, AccessHash = _state.NextId(), Username = username, Title = title };
            _state.Channels[ch.Id] = ch;
            return new TestChannel(ch.Id, ch.AccessHash, username);
        }
    }

    /// <summary>Makes the account <paramref name="userId"/> (a bot or user of this server) a member of the channel: from now
    /// on the channel's new, edited and deleted posts are pushed to its connected sessions, as Telegram pushes them to a
    /// channel's members and admins.</summary>
    public void AddMember(TestChannel channel, long userId)
    {
        ArgumentNullException.ThrowIfNull(channel);
        lock (_state.Sync)
        {
            _state.Channels[channel.Id].Members.Add(userId);
        }
    }

    /// <summary>Puts a document message into a channel without an upload (e.g. a large benchmark file).</summary>
    public TestDocument AddDocument(TestChannel channel, string fileName, byte[] data, int dcId = 1)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(data);
        lock (_state.Sync)
        {
            var rpc = new RpcHandlers(_state, dcId);
            var ch = _state.Channels[channel.Id];
            var doc = rpc.AddDocument(data, fileName, dcId);
            var msg = rpc.AddMessage(ch, doc, "");
            return new TestDocument(msg.Id, doc.Id, data.Length);
        }
    }

    /// <summary>A post made by another account (the channel's owner, with their own client): a document with
    /// <paramref name="caption"/>, its file name in documentAttributeFilename, a MIME type and, if given, a video
    /// attribute. Its bytes download with upload.getFile like uploaded ones.</summary>
    public TestDocument PostDocument(TestChannel channel, string fileName, byte[] data, string caption = "", string mimeType = "video/x-matroska", TestVideo? video = null, int dcId = 1)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(data);
        lock (_state.Sync)
        {
            var rpc = new RpcHandlers(_state, dcId);
            var ch = _state.Channels[channel.Id];
            var doc = rpc.AddDocument(data, fileName, dcId, mimeType, video);
            var msg = rpc.AddMessage(ch, doc, caption);
            return new TestDocument(msg.Id, doc.Id, data.Length);
        }
    }

    /// <summary>A text-only post (no document); returns its message id.</summary>
    public int PostText(TestChannel channel, string text)
    {
        ArgumentNullException.ThrowIfNull(channel);
        lock (_state.Sync)
        {
            return new RpcHandlers(_state, 1).AddMessage(_state.Channels[channel.Id], null, text).Id;
        }
    }

    /// <summary>The channel's owner deletes posts: their ids answer messageEmpty from now on, and members are told.</summary>
    public void DeletePosts(TestChannel channel, params int[] messageIds)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(messageIds);
        lock (_state.Sync)
        {
            new RpcHandlers(_state, 1).DeleteMessages(_state.Channels[channel.Id], messageIds);
        }
    }

    /// <summary>The channel's owner edits a post's caption; members are told.</summary>
    public void EditCaption(TestChannel channel, int messageId, string caption)
    {
        ArgumentNullException.ThrowIfNull(channel);
        lock (_state.Sync)
        {
            var ch = _state.Channels[channel.Id];
            new RpcHandlers(_state, 1).EditMessage(ch, ch.Messages[messageId], caption);
        }
    }

    /// <summary>The channel's owner edits a post and replaces its file (Telegram's "replace media"): the message keeps
    /// its id and date, gets a new document and an edit date.</summary>
    public TestDocument ReplaceDocument(TestChannel channel, int messageId, string fileName, byte[] data, string caption = "", string mimeType = "video/x-matroska", int dcId = 1)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(data);
        lock (_state.Sync)
        {
            var ch = _state.Channels[channel.Id];
            var old = ch.Messages[messageId];
            var doc = new RpcHandlers(_state, dcId).AddDocument(data, fileName, dcId, mimeType, null);
            ch.Messages[messageId] = new StoredMessage { Id = old.Id, Date = old.Date, Document = doc, Text = caption, EditDate = (int)_state.NowSeconds };
            ch.Pts++;
            return new TestDocument(messageId, doc.Id, data.Length);
        }
    }

    /// <summary>Gives every document a new file reference, so old references answer FILE_REFERENCE_EXPIRED.</summary>
    public void ExpireFileReferences()
    {
        lock (_state.Sync)
        {
            foreach (var d in _state.Documents.Values)
            {
                d.FileReference = RandomNumberGenerator.GetBytes(16);
            }
        }
    }

    /// <summary>Rotates the server salt of every auth key, so the next client message gets bad_server_salt.</summary>
    public void RotateSalts()
    {
        foreach (var k in _state.AuthKeys.Values)
        {
            k.ResetSalt(_state.NextId(), _state.NowSeconds);
        }
    }

    /// <summary>Forgets all auth keys, so clients get transport error -404.</summary>
    public void ForgetAuthKeys() => _state.AuthKeys.Clear();

    public byte[]? DocumentBytes(long documentId)
    {
        lock (_state.Sync)
        {
            return _state.Documents.TryGetValue(documentId, out var d) ? d.Data : null;
        }
    }

    public int MessageCount(TestChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        lock (_state.Sync)
        {
            return _state.Channels[channel.Id].Messages.Count;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync().ConfigureAwait(false);
        foreach (var l in _listeners)
        {
            l.Dispose();
        }

        await Task.WhenAll(_loops).ConfigureAwait(false);
        _cts.Dispose();
        _rsa.Dispose();
    }
}
