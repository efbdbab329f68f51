using System.Buffers.Binary;
using System.Security.Cryptography;

namespace StreamVault.Mtproto.Crypto;

/// <summary>Hashes and temporary keys of the auth-key handshake (core.telegram.org/mtproto/auth_key).</summary>
public static class AuthKeyMath
{
    public static (byte[] Key, byte[] Iv) TmpAesKeyIv(ReadOnlySpan<byte> serverNonce, ReadOnlySpan<byte> newNonce)
    {
        var nnSn = SHA1.HashData([.. newNonce, .. serverNonce]);
        var snNn = SHA1.HashData([.. serverNonce, .. newNonce]);
        var nnNn = SHA1.HashData([.. newNonce, .. newNonce]);
        byte[] key = [.. nnSn, .. snNn.AsSpan(0, 12)];
        byte[] iv = [.. snNn.AsSpan(12, 8), .. nnNn, .. newNonce[..4]];
        return (key, iv);
    }

    /// <summary>new_nonce_hash1/2/3 = low 128 bits of SHA1(new_nonce + n + auth_key_aux_hash).</summary>
    public static byte[] NewNonceHash(ReadOnlySpan<byte> newNonce, byte n, ReadOnlySpan<byte> authKey)
        => SHA1.HashData([.. newNonce, n, .. MtProtoKdf.AuxHash(authKey)])[4..20];

    public static long InitialSalt(ReadOnlySpan<byte> newNonce, ReadOnlySpan<byte> serverNonce)
        => BinaryPrimitives.ReadInt64LittleEndian(newNonce[..8]) ^ BinaryPrimitives.ReadInt64LittleEndian(serverNonce[..8]);

    /// <summary>SHA1(data) + data + random padding to a multiple of 16, as used inside the handshake.</summary>
    public static byte[] WithSha1AndPadding(ReadOnlySpan<byte> data, ReadOnlySpan<byte> padding = default)
    {
        var len = 20 + data.Length;
        var padLen = padding.IsEmpty ? (16 - (len % 16)) % 16 : padding.Length;
        var result = new byte[len + padLen];
        SHA1.HashData(data, result);
        data.CopyTo(result.AsSpan(20));
        if (padding.IsEmpty)
        {
            RandomNumberGenerator.Fill(result.AsSpan(len));
        }
        else
        {
            padding.CopyTo(result.AsSpan(len));
        }

        return result;
    }

    /// <summary>Checks SHA1(inner) prefix of a decrypted answer and returns the inner bytes (padding stays; TL readers ignore it).</summary>
    public static ReadOnlyMemory<byte> VerifySha1Prefix(byte[] decrypted, Func<ReadOnlyMemory<byte>, int> measureInner)
    {
        ArgumentNullException.ThrowIfNull(decrypted);
        ArgumentNullException.ThrowIfNull(measureInner);
        var inner = decrypted.AsMemory(20);
        var innerLen = measureInner(inner);
        var hash = SHA1.HashData(inner.Span[..innerLen]);
        if (!CryptographicOperations.FixedTimeEquals(hash, decrypted.AsSpan(0, 20)))
        {
            throw new CryptographicException("SHA1 of handshake answer does not match");
        }

        return inner[..innerLen];
    }
}
