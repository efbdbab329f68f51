using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using StreamVault.Mtproto.Crypto;
using StreamVault.Mtproto.Tl;
using StreamVault.Mtproto.Transport;

namespace StreamVault.Mtproto.Protocol;

/// <summary>Connection settings of one MTProto session to one DC.</summary>
internal sealed record SessionOptions(
    int DcId,
    EndPoint EndPoint,
    IReadOnlyList<RsaPublicKey> ServerKeys,
    TransportOptions Transport,
    TimeSpan RequestTimeout,
    TimeProvider Time,
    Func<TlFunction, TlFunction> WrapFirstCall,
    int MaxReconnectAttempts = 5,
    Action<DroppedAnswer>? AnswerDropped = null,
    Action<UpdatesBase>? UpdatesPushed = null);

/// <summary>Persistable auth state of a DC session.</summary>
public sealed record AuthState(int DcId, byte[] AuthKey, long Salt, long TimeOffset);

/// <summary>
/// One encrypted MTProto session over one TCP connection: msg_id/seq_no bookkeeping, salts, acks, RPC correlation,
/// bad_server_salt / bad_msg_notification recovery and reconnect-with-resend.
/// </summary>
internal sealed partial class MtSession : IAsyncDisposable
{
    private readonly SessionOptions _options;
    private readonly MsgIdClock _clock;
    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private readonly ConcurrentDictionary<long, long[]> _containers = new();
    private readonly ConcurrentQueue<long> _acks = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private MtTransport? _transport;
    private long _sessionId;
    private long _salt;
    private int _contentCount;
    private long _droppedAnswers;
    private bool _initialized;
    private bool _everConnected;

    public MtSession(SessionOptions options, AuthState? saved = null)
    {
        _options = options;
        _clock = new MsgIdClock(options.Time);
        if (saved is not null)
        {
            AuthKey = saved.AuthKey;
            _salt = saved.Salt;
            _clock.OffsetSeconds = saved.TimeOffset;
        }
        _sessionId = NewSessionId();
    }

    public int DcId => _options.DcId;

    public byte[]? AuthKey { get; private set; }

    /// <summary>Set once this DC session is logged in (bot/user login or imported authorization).</summary>
    public bool Authorized { get; set; }

    public AuthState? State => AuthKey is null ? null : new AuthState(DcId, AuthKey, Volatile.Read(ref _salt), _clock.OffsetSeconds);

    internal MsgIdClock Clock => _clock;

    /// <summary>Number of times the TCP connection was re-established after a failure.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Answers that arrived for calls no longer waiting (timed out, cancelled, failed) and were dropped unread.</summary>
    public long DroppedAnswers => Interlocked.Read(ref _droppedAnswers);

    private static long NewSessionId() => BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));

    public async Task ConnectAsync(CancellationToken ct)
    {
        await _connectLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_transport is not null)
            {
                return;
            }

            var transport = await MtTransport.ConnectAsync(_options.EndPoint, _options.Transport with { DcId = (short)DcId }, ct).ConfigureAwait(false);
            try
            {
                if (AuthKey is null)
                {
                    var result = await AuthKeyExchange.CreateAsync(transport, _options.ServerKeys, DcId, _clock, ct).ConfigureAwait(false);
                    AuthKey = result.AuthKey;
                    Volatile.Write(ref _salt, result.Salt);
                    _sessionId = NewSessionId();
                    _contentCount = 0;
                    _initialized = false;
                }
            }
            catch
            {
                await transport.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            if (_everConnected)
            {
                Reconnects++;
            }

            _everConnected = true;
            _transport = transport;
            _ = Task.Run(() => ReceiveLoopAsync(transport), CancellationToken.None);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>
    /// Sends an RPC and returns its result read by <paramref name="reader"/> (defaults to the function's own reader).
    /// The reader runs on the receive loop and may write into the caller's memory (downloads do): it runs only if the
    /// answer is claimed before the caller gives up, and when the caller gives up after that claim (timeout,
    /// cancellation), the call still ends with that answer, once the reader is done. So when this returns or throws,
    /// nothing of this call writes into the caller's memory any more.
    /// </summary>
    public async Task<object> InvokeAsync(TlFunction function, Func<TlReader, object>? reader, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        await ConnectAsync(ct).ConfigureAwait(false);
        var wrap = !_initialized;
        var sent = wrap ? _options.WrapFirstCall(function) : function;
        var call = new PendingCall(sent.Serialize(), reader ?? function.ReadResult);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, _disposed.Token);
        object result;
        try
        {
            await SendCallAsync(call, ct).ConfigureAwait(false);
            result = await call.Answer.WaitAsync(_options.RequestTimeout, _options.Time, stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (call.TryAbandon())
        {
            // No answer was claimed: from here on none will be read, and none is copied into the caller's memory.
            _pending.TryRemove(call.MsgId, out _);
            if (e is TimeoutException)
            {
                throw new TimeoutException($"no answer from DC {DcId} within {_options.RequestTimeout}", e);
            }

            throw;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // The answer was claimed just before the caller gave up and is being read: the call ends with it, after the
            // reader's copy, never in the middle of it.
            result = await call.Answer.ConfigureAwait(false);
        }

        if (wrap)
        {
            _initialized = true;
        }

        return result;
    }

    public async Task<long> PingAsync(CancellationToken ct)
    {
        var id = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
        var pong = (Pong)await InvokeAsync(new PingRequest { PingId = id }, null, ct).ConfigureAwait(false);
        if (pong.PingId != id)
        {
            throw new InvalidDataException("pong for another ping");
        }

        return pong.PingId;
    }

    private int NextSeq(bool content) => content ? (_contentCount++ * 2) + 1 : _contentCount * 2;

    private async Task SendCallAsync(PendingCall call, CancellationToken ct)
    {
        Exception? sendFailed = null;
        await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (call.IsAbandoned)
            {
                return; // a resend of a call its caller has given up: nothing waits for the answer
            }

            var transport = _transport ?? throw new IOException("not connected");
            call.MsgId = _clock.Next();
            var seq = NextSeq(true);
            _pending[call.MsgId] = call;
            if (call.IsAbandoned)
            {
                // Given up while being registered (the caller may have removed the previous msg_id): its answer is dropped.
                _pending.TryRemove(call.MsgId, out _);
            }
            var acks = DrainAcks();
            byte[] body;
            long msgId;
            int msgSeq;
            if (acks.Length == 0)
            {
                (body, msgId, msgSeq) = (call.Body, call.MsgId, seq);
            }
            else
            {
                // Piggyback pending acks: one container keeps the ack off its own packet.
                var ackMsgId = _clock.Next();
                var container = new MsgContainer();
                container.Messages.Add(new ContainerMessage(call.MsgId, seq, call.Body));
                container.Messages.Add(new ContainerMessage(ackMsgId, NextSeq(false), new MsgsAck { MsgIds = acks }.Serialize()));
                msgId = _clock.Next();
                msgSeq = NextSeq(false);
                body = container.Serialize();
                _containers[msgId] = [call.MsgId];
            }
            var packet = MessageCodec.EncodeEncrypted(AuthKey!, Volatile.Read(ref _salt), _sessionId, msgId, msgSeq, body, fromServer: false);
            await transport.SendAsync(packet, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            sendFailed = e;
        }
        finally
        {
            _sendLock.Release();
        }
        // The call is registered as pending, so recovery (reconnect + resend) will deliver it.
        if (sendFailed is not null)
        {
            _ = Task.Run(() => RecoverAsync(sendFailed), CancellationToken.None);
        }
    }

    private async Task SendAcksAsync(CancellationToken ct)
    {
        await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var acks = DrainAcks();
            if (acks.Length == 0 || _transport is not { } transport)
            {
                return;
            }

            var packet = MessageCodec.EncodeEncrypted(AuthKey!, Volatile.Read(ref _salt), _sessionId, _clock.Next(), NextSeq(false), new MsgsAck { MsgIds = acks }.Serialize(), fromServer: false);
            await transport.SendAsync(packet, ct).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private long[] DrainAcks()
    {
        var list = new List<long>();
        while (list.Count < 1024 && _acks.TryDequeue(out var id))
        {
            list.Add(id);
        }

        return [.. list];
    }

    private void Resend(long badMsgId)
    {
        if (_containers.TryRemove(badMsgId, out var inner))
        {
            foreach (var id in inner)
            {
                Resend(id);
            }

            return;
        }
        if (_pending.TryRemove(badMsgId, out var call))
        {
            _ = ResendAsync(call);
        }
    }

    private async Task ResendAsync(PendingCall call)
    {
        try
        {
            await SendCallAsync(call, _disposed.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A resend runs detached from its caller: the failure goes to the caller's task instead.
        catch (Exception e)
#pragma warning restore CA1031
        {
            call.TryFail(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        var t = _transport;
        _transport = null;
        if (t is not null)
        {
            await t.DisposeAsync().ConfigureAwait(false);
        }

        FailAll(new ObjectDisposedException(nameof(MtSession)));
    }

    private void FailAll(Exception e)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var call))
            {
                call.TryFail(e);
            }
        }
    }

    /// <summary>
    /// A call waiting for its end. Exactly one party ends it: the receive loop (an answer or rpc_error), a failure path
    /// (lost connection, bad_msg_notification) — each first claims it with <see cref="TryClaim"/> — or its caller, who
    /// gives up with <see cref="TryAbandon"/> (timeout, cancellation). The reader, which may write into the caller's
    /// memory, runs only under a claim, and an abandoned call lets go of it.
    /// </summary>
    private sealed class PendingCall(byte[] body, Func<TlReader, object> reader)
    {
        private const int Waiting = 0;
        private const int Claimed = 1;
        private const int Abandoned = 2;
        private readonly TaskCompletionSource<object> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Func<TlReader, object>? _reader = reader;
        private int _state;
        private long _msgId;

        public byte[] Body { get; } = body;

        /// <summary>The msg_id of the latest send (a resend gets a new one).</summary>
        public long MsgId { get => Volatile.Read(ref _msgId); set => Volatile.Write(ref _msgId, value); }

        /// <summary>The call's end; completed only by whoever claimed it, after its reader has finished.</summary>
        public Task<object> Answer => _completion.Task;

        public bool IsAbandoned => Volatile.Read(ref _state) == Abandoned;

        /// <summary>True once, for the party that will end the call, unless its caller has given up first.</summary>
        public bool TryClaim() => Interlocked.CompareExchange(ref _state, Claimed, Waiting) == Waiting;

        /// <summary>The caller gives up; false when the call was claimed first (then wait for <see cref="Answer"/>).</summary>
        public bool TryAbandon()
        {
            if (Interlocked.CompareExchange(ref _state, Abandoned, Waiting) != Waiting)
            {
                return false;
            }

            _reader = null; // nothing of the caller (its destination buffer) stays reachable from the session
            return true;
        }

        /// <summary>Reads the result with the caller's reader; only under a claim.</summary>
        public object Read(TlReader r) => _reader!(r);

        /// <summary>Ends a claimed call.</summary>
        public void Succeed(object result) => _completion.TrySetResult(result);

        /// <summary>Ends a claimed call with an error.</summary>
        public void Fail(Exception e) => _completion.TrySetException(e);

        public void TryAnswer(object result)
        {
            if (TryClaim())
            {
                Succeed(result);
            }
        }

        public void TryFail(Exception e)
        {
            if (TryClaim())
            {
                Fail(e);
            }
        }
    }
}
