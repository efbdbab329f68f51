using System.Buffers.Binary;
using System.Security.Cryptography;

namespace StreamVault.Mtproto.Crypto;

/// <summary>MTProto 2.0 message encryption: msg_key and aes key/iv derivation (x = 0 client→server, x = 8 server→client).</summary>
public static class MtProtoKdf
{
    public static void DeriveKeyIv(ReadOnlySpan<byte> authKey, ReadOnlySpan<byte> msgKey, bool fromServer, Span<byte> aesKey, Span<byte> aesIv)
    {
        var x = fromServer ? 8 : 0;
        Span<byte> buf = stackalloc byte[52];
        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        msgKey.CopyTo(buf);
        authKey.Slice(x, 36).CopyTo(buf[16..]);
        SHA256.HashData(buf, a);
        authKey.Slice(40 + x, 36).CopyTo(buf);
        msgKey.CopyTo(buf[36..]);
        SHA256.HashData(buf, b);
        a[..8].CopyTo(aesKey);
        b[8..24].CopyTo(aesKey[8..]);
        a[24..32].CopyTo(aesKey[24..]);
        b[..8].CopyTo(aesIv);
        a[8..24].CopyTo(aesIv[8..]);
        b[24..32].CopyTo(aesIv[24..]);
    }

    public static void ComputeMsgKey(ReadOnlySpan<byte> authKey, ReadOnlySpan<byte> plaintextWithPadding, bool fromServer, Span<byte> msgKey)
    {
        var x = fromServer ? 8 : 0;
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(authKey.Slice(88 + x, 32));
        h.AppendData(plaintextWithPadding);
        Span<byte> large = stackalloc byte[32];
        h.GetHashAndReset(large);
        large[8..24].CopyTo(msgKey);
    }

    public static long AuthKeyId(ReadOnlySpan<byte> authKey) => BinaryPrimitives.ReadInt64LittleEndian(SHA1.HashData(authKey).AsSpan(12, 8));

    public static byte[] AuxHash(ReadOnlySpan<byte> authKey) => SHA1.HashData(authKey)[..8];

    /// <summary>Padding length for a payload: 12..1024 bytes, total a multiple of 16.</summary>
    public static int PaddingFor(int length, int extraBlocks = 0)
    {
        var pad = 16 - (length % 16);
        if (pad < 12)
        {
            pad += 16;
        }

        return pad + (16 * extraBlocks);
    }

    /// <summary>Encrypts plaintext (already containing salt, session id, msg id...) into auth_key_id + msg_key + ciphertext.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> authKey, ReadOnlySpan<byte> plaintext, bool fromServer, ReadOnlySpan<byte> padding = default)
    {
        var padLen = padding.IsEmpty ? PaddingFor(plaintext.Length) : padding.Length;
        var total = plaintext.Length + padLen;
        if (total % 16 != 0 || padLen < 12)
        {
            throw new ArgumentException("bad padding", nameof(padding));
        }

        var output = new byte[24 + total];
        var body = output.AsSpan(24);
        plaintext.CopyTo(body);
        if (padding.IsEmpty)
        {
            RandomNumberGenerator.Fill(body[plaintext.Length..]);
        }
        else
        {
            padding.CopyTo(body[plaintext.Length..]);
        }

        BinaryPrimitives.WriteInt64LittleEndian(output, AuthKeyId(authKey));
        var msgKey = output.AsSpan(8, 16);
        ComputeMsgKey(authKey, body, fromServer, msgKey);
        Span<byte> key = stackalloc byte[32];
        Span<byte> iv = stackalloc byte[32];
        DeriveKeyIv(authKey, msgKey, fromServer, key, iv);
        AesIge.Encrypt(body, body, key, iv);
        return output;
    }

    /// <summary>Decrypts in place; returns the plaintext including padding. Throws on a msg_key mismatch.</summary>
    public static Memory<byte> Decrypt(ReadOnlySpan<byte> authKey, Memory<byte> packet, bool fromServer)
    {
        if (packet.Length < 24 + 32 || (packet.Length - 24) % 16 != 0)
        {
            throw new CryptographicException("encrypted packet has a bad length");
        }

        var span = packet.Span;
        Span<byte> msgKey = stackalloc byte[16];
        span.Slice(8, 16).CopyTo(msgKey);
        Span<byte> key = stackalloc byte[32];
        Span<byte> iv = stackalloc byte[32];
        DeriveKeyIv(authKey, msgKey, fromServer, key, iv);
        var body = packet[24..];
        AesIge.Decrypt(body.Span, body.Span, key, iv);
        Span<byte> check = stackalloc byte[16];
        ComputeMsgKey(authKey, body.Span, fromServer, check);
        if (!CryptographicOperations.FixedTimeEquals(check, msgKey))
        {
            throw new CryptographicException("msg_key mismatch");
        }

        return body;
    }
}
