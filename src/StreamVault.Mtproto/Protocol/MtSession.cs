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
    int MaxReconnectAttempts = 5);

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

    /// <summary>Sends an RPC and returns its result read by <paramref name="reader"/> (defaults to the function's own reader).</summary>
    public async Task<object> InvokeAsync(TlFunction function, Func<TlReader, object>? reader, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        await ConnectAsync(ct).ConfigureAwait(false);
        var wrap = !_initialized;
        var sent = wrap ? _options.WrapFirstCall(function) : function;
        var call = new PendingCall(sent.Serialize(), reader ?? function.ReadResult);
        await SendCallAsync(call, ct).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, _disposed.Token);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            var result = await call.Completion.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            if (wrap)
            {
                _initialized = true;
            }

            return result;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && !_disposed.IsCancellationRequested)
        {
            _pending.TryRemove(call.MsgId, out _);
            throw new TimeoutException($"no answer from DC {DcId} within {_options.RequestTimeout}");
        }
        catch (OperationCanceledException)
        {
            _pending.TryRemove(call.MsgId, out _);
            throw;
        }
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
            var transport = _transport ?? throw new IOException("not connected");
            call.MsgId = _clock.Next();
            var seq = NextSeq(true);
            _pending[call.MsgId] = call;
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
            call.Completion.TrySetException(e);
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
                call.Completion.TrySetException(e);
            }
        }
    }

    private sealed class PendingCall(byte[] body, Func<TlReader, object> reader)
    {
        public byte[] Body { get; } = body;

        public Func<TlReader, object> Reader { get; } = reader;

        public long MsgId { get; set; }

        public TaskCompletionSource<object> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
