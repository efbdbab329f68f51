using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace StreamVault.Mtproto.Transport;

public enum TransportMode
{
    Abridged,
    Intermediate,
    PaddedIntermediate,

    /// <summary>TCP Full: length, sequence number, payload and CRC32 of all three; no tag, never obfuscated.</summary>
    Full,
}

/// <summary>The per-direction sequence numbers of a TCP Full connection (each side counts its own frames from 0).</summary>
internal sealed class FullFrameCounters
{
    public int Sent;

    public int Received;
}

/// <summary>MTProto TCP framings (core.telegram.org/mtproto/mtproto-transports).</summary>
internal static class Framing
{
    public const uint AbridgedTag = 0xefefefef;
    public const uint IntermediateTag = 0xeeeeeeee;
    public const uint PaddedTag = 0xdddddddd;
    public const int MaxPacket = 16 * 1024 * 1024;

    /// <summary>Length, seq_no and CRC32 around a TCP Full payload.</summary>
    public const int FullOverhead = 12;

    public static uint Tag(TransportMode mode) => mode switch
    {
        TransportMode.Abridged => AbridgedTag,
        TransportMode.Intermediate => IntermediateTag,
        TransportMode.PaddedIntermediate => PaddedTag,
        _ => throw new ArgumentException("TCP Full has no tag and cannot be obfuscated", nameof(mode)),
    };

    public static TransportMode? FromTag(uint tag) => tag switch
    {
        AbridgedTag => TransportMode.Abridged,
        IntermediateTag => TransportMode.Intermediate,
        PaddedTag => TransportMode.PaddedIntermediate,
        _ => null,
    };

    public static async ValueTask WriteAsync(Stream s, TransportMode mode, ReadOnlyMemory<byte> payload, FullFrameCounters? full, CancellationToken ct)
    {
        if (mode == TransportMode.Full)
        {
            await WriteFullAsync(s, payload, full ?? throw new ArgumentNullException(nameof(full)), ct).ConfigureAwait(false);
            return;
        }

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
    public static async ValueTask<PooledBuffer> ReadAsync(Stream s, TransportMode mode, FullFrameCounters? full, CancellationToken ct)
    {
        if (mode == TransportMode.Full)
        {
            return await ReadFullAsync(s, full ?? throw new ArgumentNullException(nameof(full)), ct).ConfigureAwait(false);
        }

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
        return CheckShortFrame(frame);
    }

    /// <summary>A frame too short for any MTProto message is either a transport error (negative int32) or garbage.</summary>
    private static PooledBuffer CheckShortFrame(PooledBuffer frame)
    {
        if (frame.Length >= 24)
        {
            return frame;
        }

        var code = frame.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(frame.Span) : 0;
        var length = frame.Length;
        frame.Dispose();
        if (code < 0)
        {
            throw new TransportException(code);
        }

        throw new IOException($"short transport frame of {length} bytes");
    }

    private static async ValueTask WriteFullAsync(Stream s, ReadOnlyMemory<byte> payload, FullFrameCounters counters, CancellationToken ct)
    {
        var total = payload.Length + FullOverhead;
        var buf = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            BinaryPrimitives.WriteInt32LittleEndian(buf, total);
            BinaryPrimitives.WriteInt32LittleEndian(buf.AsSpan(4), counters.Sent++);
            payload.Span.CopyTo(buf.AsSpan(8));
            BinaryPrimitives.WriteUInt32LittleEndian(buf.AsSpan(total - 4), Crc32.HashToUInt32(buf.AsSpan(0, total - 4)));
            await s.WriteAsync(buf.AsMemory(0, total), ct).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buf);
        }
    }

    /// <summary>Reads one TCP Full frame: a CRC32 mismatch or a seq_no out of order means a broken stream, so the connection ends.</summary>
    private static async ValueTask<PooledBuffer> ReadFullAsync(Stream s, FullFrameCounters counters, CancellationToken ct)
    {
        var head = new byte[8];
        await s.ReadExactlyAsync(head, ct).ConfigureAwait(false);
        var total = BinaryPrimitives.ReadInt32LittleEndian(head);
        if (total < FullOverhead + 4 || total > MaxPacket + FullOverhead)
        {
            throw new IOException($"invalid TCP Full frame length {total}");
        }

        var seq = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(4));
        var frame = new PooledBuffer(total - 8);
        try
        {
            await s.ReadExactlyAsync(frame.Memory, ct).ConfigureAwait(false);
            var crc = new Crc32();
            crc.Append(head);
            crc.Append(frame.Span[..^4]);
            if (crc.GetCurrentHashAsUInt32() != BinaryPrimitives.ReadUInt32LittleEndian(frame.Span[^4..]))
            {
                throw new IOException("TCP Full frame CRC32 mismatch");
            }

            if (seq != counters.Received)
            {
                throw new IOException($"TCP Full frame seq_no {seq}, expected {counters.Received}");
            }

            counters.Received++;
            frame.Length -= 4;
        }
        catch
        {
            frame.Dispose();
            throw;
        }
        return CheckShortFrame(frame);
    }

    public static byte[] ErrorPacket(int code)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, code);
        return b;
    }
}
