using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace StreamVault.Mtproto.Transport;

public sealed record TransportOptions(TransportMode Mode = TransportMode.Intermediate, bool Obfuscated = false, short DcId = 0);

/// <summary>One TCP connection carrying MTProto frames. Sends are serialised; receives are done by a single reader loop.</summary>
public sealed class MtTransport : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Socket? _socket;
    private readonly FullFrameCounters? _full;

    private MtTransport(Stream stream, TransportMode mode, Socket? socket)
    {
        _stream = stream;
        Mode = mode;
        _socket = socket;
        _full = mode == TransportMode.Full ? new FullFrameCounters() : null;
    }

    public TransportMode Mode { get; }

    public short DcId { get; private init; }

    public static async Task<MtTransport> ConnectAsync(EndPoint endPoint, TransportOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Obfuscated && options.Mode == TransportMode.Full)
        {
            throw new ArgumentException("TCP Full cannot be obfuscated", nameof(options));
        }

        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, ct).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Obfuscated)
            {
                stream = await ObfuscatedStream.ClientAsync(stream, Framing.Tag(options.Mode), options.DcId, ct).ConfigureAwait(false);
            }
            else if (options.Mode != TransportMode.Full) // TCP Full has no tag: the first frame's length starts the stream
            {
                var tag = options.Mode switch
                {
                    TransportMode.Abridged => new byte[] { 0xef },
                    TransportMode.Intermediate => [0xee, 0xee, 0xee, 0xee],
                    _ => [0xdd, 0xdd, 0xdd, 0xdd],
                };
                await stream.WriteAsync(tag, ct).ConfigureAwait(false);
            }
            return new MtTransport(stream, options.Mode, socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Server side: detects plain abridged/intermediate/padded, TCP Full or obfuscated2 from the first bytes.</summary>
    public static async Task<MtTransport> AcceptAsync(Socket socket, CancellationToken ct)
    {
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        var first = new byte[64];
        await stream.ReadExactlyAsync(first.AsMemory(0, 1), ct).ConfigureAwait(false);
        if (first[0] == 0xef)
        {
            return new MtTransport(stream, TransportMode.Abridged, socket);
        }

        await stream.ReadExactlyAsync(first.AsMemory(1, 3), ct).ConfigureAwait(false);
        var tag = BinaryPrimitives.ReadUInt32LittleEndian(first);
        if (tag == Framing.IntermediateTag)
        {
            return new MtTransport(stream, TransportMode.Intermediate, socket);
        }

        if (tag == Framing.PaddedTag)
        {
            return new MtTransport(stream, TransportMode.PaddedIntermediate, socket);
        }

        await stream.ReadExactlyAsync(first.AsMemory(4, 4), ct).ConfigureAwait(false);
        if (BinaryPrimitives.ReadInt32LittleEndian(first.AsSpan(4)) == 0)
        {
            // The seq_no 0 of a first TCP Full frame; obfuscated2 clients never send zero there (the spec forbids it).
            return new MtTransport(new PrefixedStream(first.AsMemory(0, 8), stream), TransportMode.Full, socket);
        }

        await stream.ReadExactlyAsync(first.AsMemory(8, 56), ct).ConfigureAwait(false);
        var (obf, innerTag, dc) = ObfuscatedStream.Server(stream, first);
        var mode = Framing.FromTag(innerTag);
        if (mode is null)
        {
            await obf.DisposeAsync().ConfigureAwait(false);
            throw new IOException("unknown transport protocol tag");
        }
        return new MtTransport(obf, mode.Value, socket) { DcId = dc };
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await Framing.WriteAsync(_stream, Mode, payload, _full, ct).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public ValueTask<PooledBuffer> ReceiveAsync(CancellationToken ct) => Framing.ReadAsync(_stream, Mode, _full, ct);

    /// <summary>Sends a transport error the way Telegram does: a bare negative int32 in a frame.</summary>
    public ValueTask SendErrorAsync(int code, CancellationToken ct) => SendAsync(Framing.ErrorPacket(code), ct);

    /// <summary>Drops the TCP connection abruptly (used by fault injection and on fatal errors).</summary>
    public void Abort()
    {
        try
        {
            _socket?.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        _socket?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
    }
}
