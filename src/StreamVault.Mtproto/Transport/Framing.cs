using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace StreamVault.Mtproto.Transport;

public enum TransportMode
{
    Abridged,
    Intermediate,
    PaddedIntermediate,
}

/// <summary>MTProto TCP framings (core.telegram.org/mtproto/mtproto-transports).</summary>
internal static class Framing
{
    public const uint AbridgedTag = 0xefefefef;
    public const uint IntermediateTag = 0xeeeeeeee;
    public const uint PaddedTag = 0xdddddddd;
    public const int MaxPacket = 16 * 1024 * 1024;

    public static uint Tag(TransportMode mode) => mode switch
    {
        TransportMode.Abridged => AbridgedTag,
        TransportMode.Intermediate => IntermediateTag,
        _ => PaddedTag,
    };

    public static TransportMode? FromTag(uint tag) => tag switch
    {
        AbridgedTag => TransportMode.Abridged,
        IntermediateTag => TransportMode.Intermediate,
        PaddedTag => TransportMode.PaddedIntermediate,
        _ => null,
    };

    public static async ValueTask WriteAsync(Stream s, TransportMode mode, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var pad = mode == TransportMode.PaddedIntermediate ? RandomNumberGenerator.GetInt32(16) : 0;
        var buf = ArrayPool<byte>.Shared.Rent(payload.Length + 4 + pad);
        try
        {
            int header;
            if (mode == TransportMode.Abridged)
            {
                if ((payload.Length & 3) != 0)
                {
                    throw new ArgumentException("abridged payload must be a multiple of 4");
                }

                var words = payload.Length / 4;
                if (words < 0x7f)
                {
                    buf[0] = (byte)words;
                    header = 1;
                }
                else
                {
                    buf[0] = 0x7f;
                    buf[1] = (byte)words;
                    buf[2] = (byte)(words >> 8);
                    buf[3] = (byte)(words >> 16);
                    header = 4;
                }
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(buf, payload.Length + pad);
                header = 4;
            }
            payload.Span.CopyTo(buf.AsSpan(header));
            if (pad > 0)
            {
                RandomNumberGenerator.Fill(buf.AsSpan(header + payload.Length, pad));
            }

            await s.WriteAsync(buf.AsMemory(0, header + payload.Length + pad), ct).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buf);
        }
    }

    /// <summary>Reads one frame. A 4-byte frame holding a negative int32 is a transport error and throws <see cref="TransportException"/>.</summary>
    public static async ValueTask<PooledBuffer> ReadAsync(Stream s, TransportMode mode, CancellationToken ct)
    {
        var head = new byte[4];
        int length;
        if (mode == TransportMode.Abridged)
        {
            await s.ReadExactlyAsync(head.AsMemory(0, 1), ct).ConfigureAwait(false);
            int words = head[0] & 0x7f; // high bit = quick-ack request from the client; irrelevant for framing
            if (words == 0x7f)
            {
                await s.ReadExactlyAsync(head.AsMemory(0, 3), ct).ConfigureAwait(false);
                words = head[0] | (head[1] << 8) | (head[2] << 16);
            }
            length = words * 4;
        }
        else
        {
            await s.ReadExactlyAsync(head, ct).ConfigureAwait(false);
            length = BinaryPrimitives.ReadInt32LittleEndian(head) & 0x7fffffff;
        }
        if (length < 4 || length > MaxPacket)
        {
            throw new IOException($"invalid transport frame length {length}");
        }

        var frame = new PooledBuffer(length);
        try
        {
            await s.ReadExactlyAsync(frame.Memory, ct).ConfigureAwait(false);
        }
        catch
        {
            frame.Dispose();
            throw;
        }
        if (length < 24)
        {
            var code = BinaryPrimitives.ReadInt32LittleEndian(frame.Span);
            frame.Dispose();
            if (code < 0)
            {
                throw new TransportException(code);
            }

            throw new IOException($"short transport frame of {length} bytes");
        }
        return frame;
    }

    public static byte[] ErrorPacket(int code)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, code);
        return b;
    }
}
