using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using StreamVault.Mtproto.Protocol;
using StreamVault.Mtproto.TestServer.Layers;
using StreamVault.Mtproto.Tl;
using StreamVault.Mtproto.Transport;

namespace StreamVault.Mtproto.TestServer;

/// <summary>One client TCP connection to one DC: plain handshake messages and encrypted sessions, written from the MTProto spec.</summary>
internal sealed class ServerConnection(ServerState state, int dcId, MtTransport transport) : IDisposable
{
    private const int BadMsgIdTooLow = 16;
    private const int BadMsgIdTooHigh = 17;
    private const int BadMsgIdNotDivisibleBy4 = 18;
    private const int BadServerSalt = 48;

    private readonly ServerHandshake _handshake = new(state);
    private readonly MsgIdClock _clock = new(new SkewedTime(state));
    private readonly RpcHandlers _rpc = new(state, dcId);
    // Answers and pushed updates come from different tasks: one packet on the wire at a time.
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    // Pushed updates leave in the order they were published, never blocking the one who published them.
    private readonly System.Threading.Channels.Channel<byte[]> _pushes = System.Threading.Channels.Channel.CreateUnbounded<byte[]>(new() { SingleReader = true });
    private int _calls;

    /// <summary>The auth key and session of the latest encrypted message: where pushed updates go.</summary>
    private volatile Tuple<AuthKeyInfo, ServerSession>? _current;

    /// <summary>The API layer the client declared with invokeWithLayer on this connection; null until it does (the server's own).</summary>
    private LayerSchema? _layer;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var t = transport;
        state.Connections[this] = 0;
        var pump = PumpUpdatesAsync(ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var frame = await t.ReceiveAsync(ct).ConfigureAwait(false);
                var authKeyId = MessageCodec.AuthKeyIdOf(frame.Span);
                if (authKeyId == 0)
                {
                    var (_, body) = MessageCodec.DecodePlain(frame.Memory);
                    var answer = _handshake.Handle(new TlReader(body).ReadObject());
                    await t.SendAsync(MessageCodec.EncodePlain(_clock.Next(1), answer.Serialize()), ct).ConfigureAwait(false);
                    continue;
                }
                if (!state.AuthKeys.TryGetValue(authKeyId, out var key))
                {
                    await t.SendErrorAsync(-404, ct).ConfigureAwait(false);
                    return;
                }
                DecodedMessage msg;
                try
                {
                    msg = MessageCodec.DecodeEncrypted(key.Key, frame.Memory, fromServer: false);
                }
                catch (CryptographicException)
                {
                    await t.SendErrorAsync(-404, ct).ConfigureAwait(false);
                    return;
                }
                if (!await HandleEncryptedAsync(key, msg, ct).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException or InvalidDataException or TlException)
        {
            // the client went away or sent garbage: this connection is over, the server carries on
        }
        finally
        {
            state.Connections.TryRemove(this, out _);
            _pushes.Writer.TryComplete();
            await pump.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Queues an updates object (in the server's layer) for the account logged in on this connection, when it is one of
    /// <paramref name="memberHomes"/> (member id to home DC) and this is its home DC, unless the update comes from this
    /// connection's own call (<paramref name="author"/>: it is in that call's answer).
    /// </summary>
    public void Push(IReadOnlyDictionary<long, int> memberHomes, byte[] updates, AuthKeyInfo? author)
    {
        if (_current is { Item1: var key } && !ReferenceEquals(key, author) && key.UserId is { } user
            && memberHomes.TryGetValue(user, out var home) && home == dcId)
        {
            _pushes.Writer.TryWrite(updates);
        }
    }

    /// <summary>Sends each queued update as a content message of its own (server msg_id, odd seq_no), in the client's layer.</summary>
    private async Task PumpUpdatesAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var updates in _pushes.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                if (_current is not { } current)
                {
                    continue;
                }

                byte[] body;
                try
                {
                    body = _layer is { } client && client.Layer != TlSchema.Layer
                        ? LayerTranscoder.Transcode(updates, "Updates", LayerCatalog.Native, client)
                        : updates;
                }
                catch (Exception e) when (e is LayerTranscodeException or UnknownConstructorException or TlException)
                {
                    continue; // the client's layer cannot carry it (Telegram would say updatesTooLong): the client polls
                }

                await SendAsync(current.Item1, current.Item2, [(new RawObject(body), true, false)], ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // the connection is gone, and its queued updates with it, as Telegram's are: the client catches up by polling
        }
    }

    private async Task<bool> HandleEncryptedAsync(AuthKeyInfo key, DecodedMessage msg, CancellationToken ct)
    {
        var session = key.Sessions.GetOrAdd(msg.SessionId, id => new ServerSession(id));
        _current = Tuple.Create(key, session);
        var outgoing = new List<(TlObject Obj, bool Content, bool Response)>();
        if (!CheckMsgId(msg.MsgId, msg.SeqNo, outgoing))
        {
            await SendAsync(key, session, outgoing, ct).ConfigureAwait(false);
            return true;
        }
        var salt = key.CurrentSalt(state.NowSeconds);
        if (msg.Salt != salt)
        {
            outgoing.Add((new BadServerSalt { BadMsgId = msg.MsgId, BadMsgSeqno = msg.SeqNo, ErrorCode = BadServerSalt, NewServerSalt = salt }, false, false));
            await SendAsync(key, session, outgoing, ct).ConfigureAwait(false);
            return true;
        }
        lock (session.MessageStates)
        {
            if (session.MessageStates.Count == 0)
            {
                outgoing.Add((new NewSessionCreated { FirstMsgId = msg.MsgId, UniqueId = state.NextId(), ServerSalt = salt }, true, false));
            }
        }
        var acks = new List<long>();
        var keepOpen = await ProcessAsync(key, session, msg.MsgId, msg.SeqNo, msg.Body, outgoing, acks, ct).ConfigureAwait(false);
        if (!keepOpen)
        {
            return false;
        }

        if (acks.Count > 0)
        {
            outgoing.Insert(0, (new MsgsAck { MsgIds = [.. acks] }, false, false));
        }

        await SendAsync(key, session, outgoing, ct).ConfigureAwait(false);
        return true;
    }

    private bool CheckMsgId(long msgId, int seqNo, List<(TlObject, bool, bool)> outgoing)
    {
        var code = 0;
        if ((msgId & 3) != 0)
        {
            code = BadMsgIdNotDivisibleBy4;
        }
        else if (MsgIdClock.SecondsOf(msgId) < state.NowSeconds - 300)
        {
            code = BadMsgIdTooLow;
        }
        else if (MsgIdClock.SecondsOf(msgId) > state.NowSeconds + 30)
        {
            code = BadMsgIdTooHigh;
        }

        if (code == 0)
        {
            return true;
        }

        outgoing.Add((new BadMsgNotification { BadMsgId = msgId, BadMsgSeqno = seqNo, ErrorCode = code }, false, false));
        return false;
    }

    private async Task<bool> ProcessAsync(AuthKeyInfo key, ServerSession session, long msgId, int seqNo, ReadOnlyMemory<byte> body,
        List<(TlObject, bool, bool)> outgoing, List<long> acks, CancellationToken ct)
    {
        var content = (seqNo & 1) == 1;
        lock (session.MessageStates)
        {
            // msgs_state_info: 4 = received; +8 acknowledged (the server acks content messages at once), +16 needs no ack.
            if (!session.MessageStates.TryAdd(msgId, (byte)(content ? 4 | 8 : 4 | 16)))
            {
                return true; // duplicate delivery after a resend; already answered
            }
        }
        if (content)
        {
            acks.Add(msgId);
        }

        TlObject obj;
        try
        {
            obj = Decode(body);
        }
        catch (Exception e) when (e is TlException or UnknownConstructorException or LayerTranscodeException or ServerRpcException)
        {
            // Telegram answers a request it cannot read with an rpc_error and keeps the connection.
            outgoing.Add((new RpcResult { ReqMsgId = msgId, Result = InputError(body, e).Serialize() }, true, true));
            return true;
        }

        switch (obj)
        {
            case MsgContainer c:
                state.CountReceived("msg_container");
                foreach (var m in c.Messages)
                {
                    if (!await ProcessAsync(key, session, m.MsgId, m.SeqNo, m.Body, outgoing, acks, ct).ConfigureAwait(false))
                    {
                        return false;
                    }
                }
                return true;
            case MsgsAck:
                state.CountReceived("msgs_ack");
                return true;
            case PingRequest p:
                state.CountReceived("ping");
                outgoing.Add((new Pong { MsgId = msgId, PingId = p.PingId }, false, true));
                return true;
            case PingDelayDisconnectRequest p:
                state.CountReceived("ping_delay_disconnect");
                outgoing.Add((new Pong { MsgId = msgId, PingId = p.PingId }, false, true));
                return true;
            case GetFutureSaltsRequest g:
                state.CountReceived("get_future_salts");
                outgoing.Add((new FutureSalts { ReqMsgId = msgId, Now = (int)state.NowSeconds, Salts = key.FutureSalts(state.NowSeconds, g.Num) }, false, true));
                return true;
            case MsgsStateReq r:
                state.CountReceived("msgs_state_req");
                outgoing.Add((new MsgsStateInfo { ReqMsgId = msgId, Info = MessageStates(session, r.MsgIds) }, false, true));
                return true;
            case DestroySessionRequest d:
                outgoing.Add((key.Sessions.TryRemove(d.SessionId, out _) ? new DestroySessionOk { SessionId = d.SessionId } : new DestroySessionNone { SessionId = d.SessionId }, false, true));
                return true;
            case TlFunction f when RpcHandlers.Unwrap(f) is PingRequest p:
                // A ping sent as an API call (mtcute wraps it in invokeWithoutUpdates) is answered as a call: rpc_result(pong).
                state.CountReceived("ping");
                outgoing.Add((new RpcResult { ReqMsgId = msgId, Result = new Pong { MsgId = msgId, PingId = p.PingId }.Serialize() }, true, true));
                return true;
            case TlFunction f:
                _calls++;
                if (state.Faults.ShouldDrop(_calls) || ShouldDropUploadPart(RpcHandlers.Unwrap(f)))
                {
                    transport.Abort();
                    return false;
                }
                var result = _rpc.Invoke(key, f);
                if (result is null)
                {
                    return true;
                }

                if (state.Faults.TakeHold(RpcHandlers.MethodName(RpcHandlers.Unwrap(f))) is { } hold)
                {
                    await hold.HoldAsync(ct).ConfigureAwait(false);
                }

                lock (session.MessageStates)
                {
                    session.MessageStates[msgId] |= 32 | 64; // processing complete, response generated
                }

                outgoing.Add((new RpcResult { ReqMsgId = msgId, Result = ToClientLayer(f, result) }, true, true));
                return true;
            default:
                return true;
        }
    }

    /// <summary>
    /// Reads one message body. invokeWithLayer sets this connection's layer; API objects of a layer other than the
    /// server's own are re-encoded into it first (service messages are the same in every layer).
    /// </summary>
    private TlObject Decode(ReadOnlyMemory<byte> body)
    {
        if (body.Length < 4)
        {
            throw new TlException("message body shorter than a constructor id");
        }

        var id = BinaryPrimitives.ReadUInt32LittleEndian(body.Span);
        if (id == TlSchema.GzipPackedId)
        {
            state.CountReceived("gzip_packed");
            return Decode(TlSchema.Gunzip(new TlReader(body[4..]).ReadBytes()));
        }

        if (id == InvokeWithLayerRequest.TlId && body.Length >= 8)
        {
            var layer = BinaryPrimitives.ReadInt32LittleEndian(body.Span[4..]);
            _layer = LayerCatalog.Get(layer) ?? throw new ServerRpcException(400, "CONNECTION_LAYER_INVALID");
        }

        if (_layer is { } client && client.Layer != TlSchema.Layer && client.ById.ContainsKey(id))
        {
            body = LayerTranscoder.TranscodeObject(body, client, LayerCatalog.Native);
        }

        return new TlReader(body).ReadObject();
    }

    /// <summary>The rpc_error Telegram gives a request it cannot read: an unknown method, an unknown constructor inside one, or bad data.</summary>
    private RpcError InputError(ReadOnlyMemory<byte> body, Exception e)
    {
        if (e is ServerRpcException rpc)
        {
            return new RpcError { ErrorCode = rpc.Code, ErrorMessage = rpc.Message };
        }

        var message = e switch
        {
            UnknownConstructorException { TopLevel: true } => "INPUT_METHOD_INVALID",
            UnknownConstructorException or LayerTranscodeException => "INPUT_CONSTRUCTOR_INVALID",
            _ => ClassifyUnreadable(body),
        };
        return new RpcError { ErrorCode = 400, ErrorMessage = message };
    }

    /// <summary>
    /// Why the generated reader failed on a body: walked against the full schema, an unknown id is an unknown method or
    /// constructor; a body the schema reads whole is a real method this server does not implement (its C# types are a
    /// subset of the schema); anything else is malformed.
    /// </summary>
    private string ClassifyUnreadable(ReadOnlyMemory<byte> body)
    {
        try
        {
            LayerTranscoder.Validate(body, _layer ?? LayerCatalog.Native);
            return "INPUT_METHOD_INVALID";
        }
        catch (UnknownConstructorException u)
        {
            return u.TopLevel ? "INPUT_METHOD_INVALID" : "INPUT_CONSTRUCTOR_INVALID";
        }
        catch (TlException)
        {
            return "INPUT_FETCH_ERROR";
        }
    }

    /// <summary>A result in the layer the client declared; the server's own layer needs no work (the download path stays a copy).</summary>
    private ReadOnlyMemory<byte> ToClientLayer(TlFunction f, byte[] result)
    {
        if (_layer is not { } client || client.Layer == TlSchema.Layer || BinaryPrimitives.ReadUInt32LittleEndian(result) == RpcError.TlId)
        {
            return result;
        }

        var native = LayerCatalog.Native;
        try
        {
            return LayerTranscoder.Transcode(result, native.ById[RpcHandlers.Unwrap(f).ConstructorId].ResultType, native, client);
        }
        catch (Exception e) when (e is LayerTranscodeException or UnknownConstructorException or TlException)
        {
            // A server object the client's layer cannot carry: a clear error for that call, not a silent drop.
            return new RpcError { ErrorCode = 500, ErrorMessage = $"LAYER_{client.Layer}_UNREPRESENTABLE: {e.Message}" }.Serialize();
        }
    }

    /// <summary>One msgs_state_info byte per asked msg_id (core.telegram.org/mtproto/service_messages_about_messages).</summary>
    private byte[] MessageStates(ServerSession session, long[] msgIds)
    {
        var info = new byte[msgIds.Length];
        lock (session.MessageStates)
        {
            var known = session.MessageStates;
            for (var i = 0; i < msgIds.Length; i++)
            {
                var id = msgIds[i];
                info[i] = known.TryGetValue(id, out var s) ? s
                    : MsgIdClock.SecondsOf(id) < state.NowSeconds - 300 || (known.Count > 0 && id < known.Keys.First()) ? (byte)1 // too old to know
                    : known.Count == 0 || id > known.Keys.Last() ? (byte)3 // not received yet (too high)
                    : (byte)2; // within the stored range, certainly not received
            }
        }

        return info;
    }

    private async Task SendAsync(AuthKeyInfo key, ServerSession session, List<(TlObject Obj, bool Content, bool Response)> outgoing, CancellationToken ct)
    {
        if (outgoing.Count == 0)
        {
            return;
        }

        await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await SendLockedAsync(key, session, outgoing, ct).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task SendLockedAsync(AuthKeyInfo key, ServerSession session, List<(TlObject Obj, bool Content, bool Response)> outgoing, CancellationToken ct)
    {
        // One writer for the whole body: file answers are a MiB each, so intermediate serialisations would dominate.
        var w = new TlWriter(outgoing.Sum(o => o.Obj is RpcResult rr ? rr.Result.Length + 64 : 256));
        long msgId;
        int seq;
        if (outgoing.Count == 1)
        {
            outgoing[0].Obj.Write(w);
            (msgId, seq) = (_clock.Next(outgoing[0].Response ? 1 : 3), NextSeq(session, outgoing[0].Content));
        }
        else
        {
            w.WriteUInt(TlSchema.MsgContainerId);
            w.WriteInt(outgoing.Count);
            foreach (var (obj, content, response) in outgoing)
            {
                w.WriteLong(_clock.Next(response ? 1 : 3));
                w.WriteInt(NextSeq(session, content));
                if (obj is RpcResult rr)
                {
                    w.WriteInt(12 + rr.Result.Length);
                    rr.Write(w);
                }
                else
                {
                    var bytes = obj.Serialize();
                    w.WriteInt(bytes.Length);
                    w.WriteRaw(bytes);
                }
            }
            (msgId, seq) = (_clock.Next(3), NextSeq(session, false));
        }
        var packet = MessageCodec.EncodeEncrypted(key.Key, key.CurrentSalt(state.NowSeconds), session.Id, msgId, seq, w.WrittenSpan, fromServer: true);
        await transport.SendAsync(packet, ct).ConfigureAwait(false);
    }

    /// <summary>A scripted drop on an upload part; the arrival is logged like any other, since the client did send it.</summary>
    private bool ShouldDropUploadPart(TlFunction f)
    {
        var (fileId, part) = f switch
        {
            Upload_SaveBigFilePartRequest b => (b.FileId, b.FilePart),
            Upload_SaveFilePartRequest p => (p.FileId, p.FilePart),
            _ => (0L, -1),
        };
        if (part < 0 || state.Faults.TakeUploadPartFault(part, drop: true) is null)
        {
            return false;
        }

        state.UploadPartArrivals.Enqueue(new UploadPartArrival(fileId, part, state.Time.GetUtcNow()));
        return true;
    }

    private static int NextSeq(ServerSession s, bool content)
        => content ? (Interlocked.Increment(ref s.ContentCount) * 2) - 1 : Volatile.Read(ref s.ContentCount) * 2;

    public void Dispose() => _sendLock.Dispose();

    /// <summary>An object already serialised (constructor id included), sent as it is.</summary>
    private sealed class RawObject(byte[] bytes) : TlObject
    {
        public override uint ConstructorId => BinaryPrimitives.ReadUInt32LittleEndian(bytes);

        public override void WriteBare(TlWriter w) => w.WriteRaw(bytes.AsSpan(4));
    }

    /// <summary>Server clock including the scripted skew, so msg_ids and time checks agree.</summary>
    private sealed class SkewedTime(ServerState state) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => state.Time.GetUtcNow() + state.ClockSkew;
    }
}
