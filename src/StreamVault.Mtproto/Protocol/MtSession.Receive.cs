using StreamVault.Mtproto.Tl;
using StreamVault.Mtproto.Transport;

namespace StreamVault.Mtproto.Protocol;

internal sealed partial class MtSession
{
    private const uint RpcErrorId = 0x2144ca19;

    private async Task ReceiveLoopAsync(MtTransport transport)
    {
        Exception? failure = null;
        try
        {
            while (!_disposed.IsCancellationRequested)
            {
                using (var frame = await transport.ReceiveAsync(_disposed.Token).ConfigureAwait(false))
                {
                    var msg = MessageCodec.DecodeEncrypted(AuthKey!, frame.Memory, fromServer: true);
                    if (msg.SessionId != _sessionId)
                    {
                        continue;
                    }

                    if ((msg.MsgId & 1) != 1)
                    {
                        throw new InvalidDataException("server msg_id must be odd");
                    }

                    Handle(msg.MsgId, msg.SeqNo, msg.Body);
                }
                if (_acks.Count >= 32)
                {
                    await SendAcksAsync(_disposed.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            return;
        }
#pragma warning disable CA1031 // Whatever ends the receive loop is the reason the connection is lost: every pending call gets it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }
        await OnConnectionLostAsync(transport, failure!).ConfigureAwait(false);
    }

    private async Task OnConnectionLostAsync(MtTransport transport, Exception failure)
    {
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (ReferenceEquals(_transport, transport))
            {
                _transport = null;
            }
        }
        finally
        {
            _connectLock.Release();
        }
        await transport.DisposeAsync().ConfigureAwait(false);
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        if (failure is TransportException { Code: -404 })
        {
            // The server no longer knows our key: it must be recreated, and pending calls cannot be answered.
            AuthKey = null;
            Authorized = false;
            FailAll(failure);
            return;
        }
        await RecoverAsync(failure).ConfigureAwait(false);
    }

    /// <summary>Reconnects (same auth key and session) and resends every call still waiting for an answer.</summary>
    private async Task RecoverAsync(Exception failure)
    {
        if (_pending.IsEmpty || _disposed.IsCancellationRequested)
        {
            return;
        }

        for (var attempt = 1; attempt <= _options.MaxReconnectAttempts; attempt++)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), _options.Time, _disposed.Token).ConfigureAwait(false);
                await ConnectAsync(_disposed.Token).ConfigureAwait(false);
                foreach (var id in _pending.Keys)
                {
                    Resend(id);
                }

                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                failure = e;
            }
        }
        FailAll(failure);
    }

    private void Handle(long msgId, int seqNo, ReadOnlyMemory<byte> body)
    {
        if ((seqNo & 1) == 1)
        {
            _acks.Enqueue(msgId);
        }

        var r = new TlReader(body);
        switch (r.PeekUInt())
        {
            case TlSchema.MsgContainerId:
                r.ReadUInt();
                foreach (var m in MsgContainer.ReadBare(r).Messages)
                {
                    Handle(m.MsgId, m.SeqNo, m.Body);
                }

                return;
            case TlSchema.GzipPackedId:
                r.ReadUInt();
                Handle(msgId, seqNo & ~1, TlSchema.Gunzip(r.ReadBytes()));
                return;
            case TlSchema.RpcResultId:
                r.ReadUInt();
                var reqMsgId = r.ReadLong();
                _containers.TryRemove(reqMsgId, out _);
                if (_pending.TryRemove(reqMsgId, out var call) && call.TryClaim())
                {
                    Complete(call, r);
                }
                else
                {
                    // Its caller has given up (timeout, cancellation) or it failed already: the answer is dropped
                    // unread, since the memory that caller gave for it may belong to someone else by now.
                    Interlocked.Increment(ref _droppedAnswers);
                    _options.AnswerDropped?.Invoke(new DroppedAnswer(DcId, reqMsgId));
                }

                return;
        }
        TlObject obj;
        try
        {
            obj = r.ReadObject();
        }
        catch (Exception e) when (e is TlException or InvalidCastException)
        {
            return; // updates outside the generated subset are not needed by this library
        }
        switch (obj)
        {
            case UpdatesBase updates:
                // Pushed by the server (not an answer): handed on without waiting, the receive loop serves every call.
                _options.UpdatesPushed?.Invoke(updates);
                break;
            case BadServerSalt b:
                Volatile.Write(ref _salt, b.NewServerSalt);
                Resend(b.BadMsgId);
                break;
            case BadMsgNotification n:
                OnBadMsg(msgId, n);
                break;
            case NewSessionCreated ns:
                Volatile.Write(ref _salt, ns.ServerSalt);
                break;
            case Pong p:
                if (_pending.TryRemove(p.MsgId, out var ping))
                {
                    ping.TryAnswer(p);
                }

                break;
            case FutureSalts fs:
                if (_pending.TryRemove(fs.ReqMsgId, out var salts))
                {
                    salts.TryAnswer(fs);
                }

                break;
        }
    }

    private void OnBadMsg(long serverMsgId, BadMsgNotification n)
    {
        switch (n.ErrorCode)
        {
            case 16 or 17:
                // Our clock is off: adopt the server time carried in its own msg_id, then resend with fresh ids.
                _clock.SyncTo(serverMsgId);
                Resend(n.BadMsgId);
                break;
            case 32 or 33:
                _contentCount += n.ErrorCode == 32 ? 16 : 0;
                Resend(n.BadMsgId);
                break;
            default:
                var ids = _containers.TryRemove(n.BadMsgId, out var inner) ? inner : [n.BadMsgId];
                foreach (var id in ids)
                {
                    if (_pending.TryRemove(id, out var call))
                    {
                        call.TryFail(new InvalidDataException($"bad_msg_notification {n.ErrorCode}"));
                    }
                }

                break;
        }
    }

    /// <summary>Ends a claimed call with its rpc_result.</summary>
    private static void Complete(PendingCall call, TlReader r)
    {
        try
        {
            var id = r.PeekUInt();
            if (id == RpcErrorId)
            {
                var e = (RpcError)r.ReadObject();
                call.Fail(RpcErrorException.From(e.ErrorCode, e.ErrorMessage));
                return;
            }
            if (id == TlSchema.GzipPackedId)
            {
                r.ReadUInt();
                Complete(call, new TlReader(TlSchema.Gunzip(r.ReadBytes())));
                return;
            }
            call.Succeed(call.Read(r));
        }
#pragma warning disable CA1031 // A reply that does not decode fails that one call, never the receive loop of all calls.
        catch (Exception e)
#pragma warning restore CA1031
        {
            call.Fail(e);
        }
    }
}
