using System.Net;
using StreamVault.Mtproto.Protocol;
using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto;

/// <summary>
/// MTProto client: one session per DC, the home DC for account calls, other DCs (authorized by export/import)
/// for files that live there.
/// </summary>
public sealed partial class TelegramClient : ITelegramClient
{
    private readonly TelegramClientOptions _options;
    private readonly Dictionary<int, MtSession> _sessions = [];
    private readonly SemaphoreSlim _dcLock = new(1, 1);
    private readonly Dictionary<int, EndPoint> _endpoints;
    private List<DcAddress> _dcList = [];
    private readonly UploadRetryPolicy _uploadRetries;
    private int _homeDc;
    private long _droppedAnswers;

    public TelegramClient(TelegramClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PerfectForwardSecrecy)
        {
            throw new NotSupportedException(
                "PerfectForwardSecrecy: temporary auth keys (auth.bindTempAuthKey) are not supported by this client; turn the option off. "
                + "Calls are then encrypted with the permanent auth key, which the session store keeps.");
        }

        if (options.ServerKeys.Count == 0)
        {
            throw new ArgumentException("at least one server RSA key is required", nameof(options));
        }

        if (!options.DcEndpoints.ContainsKey(options.HomeDc))
        {
            throw new ArgumentException($"no endpoint for home DC {options.HomeDc}", nameof(options));
        }

        _options = options;
        _endpoints = new Dictionary<int, EndPoint>(options.DcEndpoints);
        _homeDc = options.HomeDc;
        _uploadRetries = new UploadRetryPolicy(options);
        _channelUpdates = NewChannelUpdates(options);
    }

    public int HomeDc => _homeDc;

    public IReadOnlyList<DcAddress> DcList => _dcList;

    /// <summary>Answers dropped unread because their call had already ended for its caller (timed out, cancelled,
    /// failed): a late upload.getFile answer never reaches a buffer its caller may have handed on.</summary>
    public long DroppedAnswers => Interlocked.Read(ref _droppedAnswers);

    /// <summary>The user this client is logged in as, if any.</summary>
    public TelegramUser? Self { get; private set; }

    public async Task ConnectAsync(CancellationToken ct = default)
    {
        if (_options.SessionStore is { } store && _sessions.Count == 0)
        {
            var saved = await store.LoadAsync(ct).ConfigureAwait(false);
            if (saved is not null)
            {
                Restore(saved);
            }
        }
        var home = await SessionAsync(_homeDc, ct).ConfigureAwait(false);
        var config = (Config)await home.InvokeAsync(new Help_GetConfigRequest(), null, ct).ConfigureAwait(false);
        _dcList = [.. config.DcOptions.OfType<DcOption>().Where(o => !o.Ipv6 && !o.Cdn).Select(o => new DcAddress(o.Id, o.IpAddress, o.Port, o.MediaOnly))];
        foreach (var dc in _dcList.Where(d => !d.MediaOnly))
        {
            if (!_endpoints.ContainsKey(dc.Id) && IPAddress.TryParse(dc.Host, out var ip))
            {
                _endpoints[dc.Id] = new IPEndPoint(ip, dc.Port);
            }
        }
        await SaveAsync(ct).ConfigureAwait(false);
    }

    public async Task<TResult> InvokeAsync<TResult>(TlFunction<TResult> request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var home = await SessionAsync(_homeDc, ct).ConfigureAwait(false);
        return (TResult)await home.InvokeAsync(request, null, ct).ConfigureAwait(false);
    }

    public async Task<TelegramUser> LoginBotAsync(string botToken, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(botToken);
        var request = new Auth_ImportBotAuthorizationRequest { Flags = 0, ApiId = _options.ApiId, ApiHash = _options.ApiHash, BotAuthToken = botToken };
        var auth = await OnHomeDcAsync(request, ct).ConfigureAwait(false);
        return await CompleteLoginAsync(auth, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks Telegram who this session's auth key belongs to (users.getUsers([inputUserSelf])) and, when it answers,
    /// marks the home DC authorised and saves the session: how a login made by another library is taken over.
    /// A key Telegram does not know fails with AUTH_KEY_UNREGISTERED as an <see cref="RpcErrorException"/>.
    /// </summary>
    public async Task<TelegramUser> GetSelfAsync(CancellationToken ct = default)
    {
        var users = await OnHomeDcAsync(new Users_GetUsersRequest { Id = [new InputUserSelf()] }, ct).ConfigureAwait(false);
        if (users is not [User u])
        {
            throw new InvalidDataException("users.getUsers([inputUserSelf]) did not answer with one user");
        }

        (await SessionAsync(_homeDc, ct).ConfigureAwait(false)).Authorized = true;
        Self = new TelegramUser(u.Id, u.FirstName ?? "", u.Bot);
        await SaveAsync(ct).ConfigureAwait(false);
        return Self;
    }

    /// <summary>Runs an account call on the home DC, following USER_MIGRATE/PHONE_MIGRATE to the account's real home.</summary>
    private async Task<T> OnHomeDcAsync<T>(TlFunction<T> request, CancellationToken ct)
    {
        for (var hop = 0; ; hop++)
        {
            try
            {
                var home = await SessionAsync(_homeDc, ct).ConfigureAwait(false);
                return (T)await home.InvokeAsync(request, null, ct).ConfigureAwait(false);
            }
            catch (UserMigrateException m) when (hop < 2 && m.Dc != _homeDc)
            {
                _homeDc = m.Dc;
            }
        }
    }

    private async Task<TelegramUser> CompleteLoginAsync(Auth_AuthorizationBase auth, CancellationToken ct)
    {
        if (auth is not Auth_Authorization { User: User u })
        {
            throw new InvalidDataException("login needs a sign-up, which this library does not support");
        }

        (await SessionAsync(_homeDc, ct).ConfigureAwait(false)).Authorized = true;
        Self = new TelegramUser(u.Id, u.FirstName ?? "", u.Bot);
        await SaveAsync(ct).ConfigureAwait(false);
        return Self;
    }

    public async Task<TelegramChannel> ResolveChannelAsync(string username, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(username);
        var resolved = (Contacts_ResolvedPeer)await InvokeAsync(new Contacts_ResolveUsernameRequest { Username = username.TrimStart('@') }, ct).ConfigureAwait(false);
        if (resolved.Peer is not PeerChannel pc)
        {
            throw new InvalidDataException($"@{username} is not a channel");
        }

        var ch = resolved.Chats.OfType<Channel>().FirstOrDefault(c => c.Id == pc.ChannelId) ?? throw new InvalidDataException("channel missing from answer");
        return new TelegramChannel(ch.Id, ch.AccessHash ?? 0);
    }

    /// <summary>The session for a DC, connected; created (and for non-home DCs authorized via export/import) on first use.</summary>
    private async Task<MtSession> SessionAsync(int dc, CancellationToken ct)
    {
        MtSession? session;
        await _dcLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_sessions.TryGetValue(dc, out session))
            {
                if (!_endpoints.TryGetValue(dc, out var ep))
                {
                    throw new InvalidOperationException($"no address known for DC {dc}; call ConnectAsync first");
                }

                session = new MtSession(SessionOptionsFor(dc, ep));
                _sessions[dc] = session;
            }
        }
        finally
        {
            _dcLock.Release();
        }
        await session.ConnectAsync(ct).ConfigureAwait(false);
        return session;
    }

    private async Task<MtSession> AuthorizedSessionAsync(int dc, CancellationToken ct)
    {
        var session = await SessionAsync(dc, ct).ConfigureAwait(false);
        if (session.Authorized || dc == _homeDc)
        {
            return session;
        }

        var exported = (Auth_ExportedAuthorization)await InvokeAsync(new Auth_ExportAuthorizationRequest { DcId = dc }, ct).ConfigureAwait(false);
        await session.InvokeAsync(new Auth_ImportAuthorizationRequest { Id = exported.Id, Bytes = exported.Bytes }, null, ct).ConfigureAwait(false);
        session.Authorized = true;
        await SaveAsync(ct).ConfigureAwait(false);
        return session;
    }

    private SessionOptions SessionOptionsFor(int dc, EndPoint ep, AuthState? saved = null) => new(
        dc, ep, _options.ServerKeys, _options.Transport, _options.RequestTimeout, _options.Time, WrapFirstCall, AnswerDropped: OnAnswerDropped,
        UpdatesPushed: OnUpdatesPushed);

    private void OnAnswerDropped(DroppedAnswer dropped)
    {
        Interlocked.Increment(ref _droppedAnswers);
        _options.AnswerDropped?.Invoke(dropped);
    }

    /// <summary>The first call of every session declares the layer and client info (invokeWithLayer(initConnection(...))).</summary>
    private InvokeWithLayerRequest WrapFirstCall(TlFunction f) => new()
    {
        Layer = TlSchema.Layer,
        Query = new InitConnectionRequest
        {
            ApiId = _options.ApiId, DeviceModel = _options.DeviceModel, SystemVersion = _options.SystemVersion, AppVersion = _options.AppVersion,
            SystemLangCode = _options.LangCode, LangPack = "", LangCode = _options.LangCode, Query = f,
        },
    };

    /// <summary>Pings the home DC; returns the round-trip ping id (mainly for keep-alive and tests).</summary>
    public async Task<long> PingAsync(CancellationToken ct = default)
        => await (await SessionAsync(_homeDc, ct).ConfigureAwait(false)).PingAsync(ct).ConfigureAwait(false);

    internal MtSession? SessionFor(int dc) => _sessions.GetValueOrDefault(dc);

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _sessions.Values)
        {
            await s.DisposeAsync().ConfigureAwait(false);
        }

        _sessions.Clear();
        _channelUpdates.Writer.TryComplete();
        _dcLock.Dispose();
    }
}
