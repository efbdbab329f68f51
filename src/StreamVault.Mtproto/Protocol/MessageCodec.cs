using System.Buffers.Binary;
using StreamVault.Mtproto.Crypto;
using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto.Protocol;

/// <summary>Decoded header of an encrypted MTProto message; Body points into the (decrypted, pooled) frame.</summary>
public readonly record struct DecodedMessage(long Salt, long SessionId, long MsgId, int SeqNo, ReadOnlyMemory<byte> Body);

/// <summary>Plain (auth_key_id = 0) and encrypted message layouts shared by client and test server.</summary>
public static class MessageCodec
{
    public static byte[] EncodePlain(long msgId, ReadOnlySpan<byte> body)
    {
        var b = new byte[20 + body.Length];
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8), msgId);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(16), body.Length);
        body.CopyTo(b.AsSpan(20));
        return b;
    }

    public static (long MsgId, ReadOnlyMemory<byte> Body) DecodePlain(ReadOnlyMemory<byte> packet)
    {
        var s = packet.Span;
        if (s.Length < 20 || BinaryPrimitives.ReadInt64LittleEndian(s) != 0)
        {
            throw new TlException("not a plain MTProto message");
        }

        var len = BinaryPrimitives.ReadInt32LittleEndian(s[16..]);
        if (len < 0 || 20 + len > s.Length)
        {
            throw new TlException("plain message length out of range");
        }

        return (BinaryPrimitives.ReadInt64LittleEndian(s[8..]), packet.Slice(20, len));
    }

    public static long AuthKeyIdOf(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadInt64LittleEndian(packet);

    public static byte[] EncodeEncrypted(byte[] authKey, long salt, long sessionId, long msgId, int seqNo, ReadOnlySpan<byte> body, bool fromServer)
    {
        var plain = new byte[32 + body.Length];
        BinaryPrimitives.WriteInt64LittleEndian(plain, salt);
        BinaryPrimitives.WriteInt64LittleEndian(plain.AsSpan(8), sessionId);
        BinaryPrimitives.WriteInt64LittleEndian(plain.AsSpan(16), msgId);
        BinaryPrimitives.WriteInt32LittleEndian(plain.AsSpan(24), seqNo);
        BinaryPrimitives.WriteInt32LittleEndian(plain.AsSpan(28), body.Length);
        body.CopyTo(plain.AsSpan(32));
        return MtProtoKdf.Encrypt(authKey, plain, fromServer);
    }

    /// <summary>Decrypts in place. Trailing transport padding (padded intermediate) is cut to the 16-byte grid first.</summary>
    public static DecodedMessage DecodeEncrypted(byte[] authKey, Memory<byte> packet, bool fromServer)
    {
        var usable = 24 + ((packet.Length - 24) / 16 * 16);
        var plain = MtProtoKdf.Decrypt(authKey, packet[..usable], fromServer);
        var s = plain.Span;
        var len = BinaryPrimitives.ReadInt32LittleEndian(s[28..]);
        // The spec requires 12..1024 bytes of padding; anything else is a forged or corrupt packet.
        var pad = plain.Length - 32 - len;
        if (len < 0 || (len & 3) != 0 || pad < 12 || pad > 1024)
        {
            throw new TlException("encrypted message length out of range");
        }

        return new DecodedMessage(
            BinaryPrimitives.ReadInt64LittleEndian(s),
            BinaryPrimitives.ReadInt64LittleEndian(s[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(s[24..]),
            plain.Slice(32, len));
    }
}
