using System.Net.Sockets;
using System.Security.Cryptography;
using StreamVault.Mtproto.Protocol;
using StreamVault.Mtproto.Tl;
using StreamVault.Mtproto.Transport;

namespace StreamVault.Mtproto.TestServer;

/// <summary>One client TCP connection to one DC: plain handshake messages and encrypted sessions, written from the MTProto spec.</summary>
internal sealed class ServerConnection(ServerState state, int dcId, MtTransport transport)
{
    private const int BadMsgIdTooLow = 16;
    private const int BadMsgIdTooHigh = 17;
    private const int BadMsgIdNotDivisibleBy4 = 18;
    private const int BadServerSalt = 48;

    private readonly ServerHandshake _handshake = new(state);
    private readonly MsgIdClock _clock = new(new SkewedTime(state));
    private readonly RpcHandlers _rpc = new(state, dcId);
    private int _calls;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var t = transport;
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
    }

    private async Task<bool> HandleEncryptedAsync(AuthKeyInfo key, DecodedMessage msg, CancellationToken ct)
    {
        var session = key.Sessions.GetOrAdd(msg.SessionId, id => new ServerSession(id));
        var outgoing = new List<(TlObject Obj, bool Content, bool Response)>();
        if (!CheckMsgId(msg.MsgId, msg.SeqNo, outgoing))
        {
            await SendAsync(key, session, outgoing, ct).ConfigureAwait(false);
            return true;
        }
        if (msg.Salt != key.Salt)
        {
            outgoing.Add((new BadServerSalt { BadMsgId = msg.MsgId, BadMsgSeqno = msg.SeqNo, ErrorCode = BadServerSalt, NewServerSalt = key.Salt }, false, false));
            await SendAsync(key, session, outgoing, ct).ConfigureAwait(false);
            return true;
        }
        lock (session.SeenMsgIds)
        {
            if (session.SeenMsgIds.Count == 0)
            {
                outgoing.Add((new NewSessionCreated { FirstMsgId = msg.MsgId, UniqueId = state.NextId(), ServerSalt = key.Salt }, true, false));
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
        lock (session.SeenMsgIds)
        {
            if (!session.SeenMsgIds.Add(msgId))
            {
                return true; // duplicate delivery after a resend; already answered
            }
        }
        var obj = new TlReader(body).ReadObject();
        if ((seqNo & 1) == 1)
        {
            acks.Add(msgId);
        }

        switch (obj)
        {
            case MsgContainer c:
                foreach (var m in c.Messages)
                {
                    if (!await ProcessAsync(key, session, m.MsgId, m.SeqNo, m.Body, outgoing, acks, ct).ConfigureAwait(false))
                    {
                        return false;
                    }
                }
                return true;
            case MsgsAck:
                return true;
            case PingRequest p:
                outgoing.Add((new Pong { MsgId = msgId, PingId = p.PingId }, false, true));
                return true;
            case PingDelayDisconnectRequest p:
                outgoing.Add((new Pong { MsgId = msgId, PingId = p.PingId }, false, true));
                return true;
            case GetFutureSaltsRequest:
                outgoing.Add((new FutureSalts { ReqMsgId = msgId, Now = (int)state.NowSeconds, Salts = [new FutureSalt { ValidSince = (int)state.NowSeconds, ValidUntil = (int)state.NowSeconds + 3600, Salt = key.Salt }] }, false, true));
                return true;
            case DestroySessionRequest d:
                outgoing.Add((key.Sessions.TryRemove(d.SessionId, out _) ? new DestroySessionOk { SessionId = d.SessionId } : new DestroySessionNone { SessionId = d.SessionId }, false, true));
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

                outgoing.Add((new RpcResult { ReqMsgId = msgId, Result = result }, true, true));
                return true;
            default:
                return true;
        }
    }

    private async Task SendAsync(AuthKeyInfo key, ServerSession session, List<(TlObject Obj, bool Content, bool Response)> outgoing, CancellationToken ct)
    {
        if (outgoing.Count == 0)
        {
            return;
        }
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
        var packet = MessageCodec.EncodeEncrypted(key.Key, key.Salt, session.Id, msgId, seq, w.WrittenSpan, fromServer: true);
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

    /// <summary>Server clock including the scripted skew, so msg_ids and time checks agree.</summary>
    private sealed class SkewedTime(ServerState state) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => state.Time.GetUtcNow() + state.ClockSkew;
    }
}
