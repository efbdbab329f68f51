using System.Numerics;
using System.Security.Cryptography;

namespace StreamVault.Mtproto.Crypto;

/// <summary>RSA_PAD, the req_DH_params encryption of p_q_inner_data (core.telegram.org/mtproto/auth_key, step 4.1).</summary>
public static class RsaPad
{
    /// <param name="random">224 bytes: [0, 192-len(data)) random padding, [192, 224) the first temp_key. Null = fresh randomness.</param>
    public static byte[] Encrypt(ReadOnlySpan<byte> data, BigInteger modulus, BigInteger exponent, ReadOnlySpan<byte> random = default)
    {
        if (data.Length > 144)
        {
            throw new ArgumentException("RSA_PAD data must be at most 144 bytes", nameof(data));
        }

        var rnd = random.IsEmpty ? RandomNumberGenerator.GetBytes(224) : random.ToArray();
        var withPadding = new byte[192];
        data.CopyTo(withPadding);
        rnd.AsSpan(0, 192 - data.Length).CopyTo(withPadding.AsSpan(data.Length));
        var reversed = (byte[])withPadding.Clone();
        Array.Reverse(reversed);
        var tempKey = rnd.AsSpan(192, 32).ToArray();
        Span<byte> zeroIv = stackalloc byte[32];
        zeroIv.Clear();
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var withHash = new byte[224];
            reversed.CopyTo(withHash, 0);
            SHA256.HashData([.. tempKey, .. withPadding], withHash.AsSpan(192));
            var aesEncrypted = AesIge.Encrypt(withHash, tempKey, zeroIv);
            var keyAes = new byte[256];
            var h = SHA256.HashData(aesEncrypted);
            AesIge.Xor(tempKey, h, keyAes.AsSpan(0, 32));
            aesEncrypted.CopyTo(keyAes, 32);
            var m = DhChecks.FromBigEndian(keyAes);
            if (m < modulus)
            {
                return DhChecks.ToBigEndian(BigInteger.ModPow(m, exponent, modulus), 256);
            }
            // Retry with a new temp_key; incrementing it as a 256-bit counter keeps vectors reproducible.
            Increment(tempKey);
        }
        throw new CryptographicException("RSA_PAD failed to find a key below the modulus");
    }

    /// <summary>Server side: reverses RSA_PAD, returning the 192-byte data_with_padding, or null if the hash check fails.</summary>
    public static byte[]? Decrypt(ReadOnlySpan<byte> encrypted, BigInteger modulus, BigInteger privateExponent)
    {
        var c = DhChecks.FromBigEndian(encrypted);
        if (c >= modulus)
        {
            return null;
        }

        var keyAes = DhChecks.ToBigEndian(BigInteger.ModPow(c, privateExponent, modulus), 256);
        var aesEncrypted = keyAes.AsSpan(32, 224);
        var tempKey = new byte[32];
        AesIge.Xor(keyAes.AsSpan(0, 32), SHA256.HashData(aesEncrypted), tempKey);
        var withHash = AesIge.Decrypt(aesEncrypted, tempKey, new byte[32]);
        var withPadding = withHash.AsSpan(0, 192).ToArray();
        Array.Reverse(withPadding);
        var hash = SHA256.HashData([.. tempKey, .. withPadding]);
        return CryptographicOperations.FixedTimeEquals(hash, withHash.AsSpan(192, 32)) ? withPadding : null;
    }

    private static void Increment(byte[] bigEndian)
    {
        for (var i = bigEndian.Length - 1; i >= 0; i--)
        {
            if (++bigEndian[i] != 0)
            {
                break;
            }
        }
    }
}
