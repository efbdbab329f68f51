using System.Numerics;
using System.Security.Cryptography;

namespace StreamVault.Telegram.Crypto;

/// <summary>Validation the client must do on server DH parameters (core.telegram.org/mtproto/auth_key, "Security checks").</summary>
public static class DhChecks
{
    public static BigInteger FromBigEndian(ReadOnlySpan<byte> b) => new(b, isUnsigned: true, isBigEndian: true);

    public static byte[] ToBigEndian(BigInteger v, int length)
    {
        var raw = v.ToByteArray(isUnsigned: true, isBigEndian: true);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(raw.Length, length, nameof(v));
        var r = new byte[length];
        raw.CopyTo(r, length - raw.Length);
        return r;
    }

    /// <summary>dh_prime is a 2048-bit safe prime and g generates the subgroup of order (p-1)/2.</summary>
    public static void CheckPrimeAndGenerator(BigInteger p, int g)
    {
        if (p.GetBitLength() != 2048) throw new SecurityException("dh_prime is not 2048 bits");
        var ok = g switch
        {
            2 => p % 8 == 7,
            3 => p % 3 == 2,
            4 => true,
            5 => p % 5 == 1 || p % 5 == 4,
            6 => p % 24 == 19 || p % 24 == 23,
            7 => p % 7 == 3 || p % 7 == 5 || p % 7 == 6,
            _ => false,
        };
        if (!ok) throw new SecurityException($"g={g} is not a valid generator for dh_prime");
        // Miller–Rabin on 2048 bits costs seconds; every server sends the same prime, so prove it once per process.
        if (VerifiedPrimes.ContainsKey(p)) return;
        if (!IsProbablePrime(p, 12) || !IsProbablePrime((p - 1) / 2, 12)) throw new SecurityException("dh_prime is not a safe prime");
        VerifiedPrimes.TryAdd(p, 0);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<BigInteger, byte> VerifiedPrimes = new();

    /// <summary>1 &lt; g_x &lt; p-1 and 2^(2048-64) ≤ g_x ≤ p - 2^(2048-64).</summary>
    public static void CheckGx(BigInteger gx, BigInteger p)
    {
        var bound = BigInteger.One << (2048 - 64);
        if (gx <= 1 || gx >= p - 1 || gx < bound || gx > p - bound)
            throw new SecurityException("g_a/g_b out of the safe range");
    }

    public static bool IsProbablePrime(BigInteger n, int rounds = 24)
    {
        if (n < 2) return false;
        foreach (var small in (int[])[2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37])
        {
            if (n == small) return true;
            if (n % small == 0) return false;
        }
        var d = n - 1;
        var s = 0;
        while (d.IsEven) { d >>= 1; s++; }
        var bytes = n.GetByteCount(isUnsigned: true);
        var buf = new byte[bytes];
        for (var i = 0; i < rounds; i++)
        {
            BigInteger a;
            do
            {
                RandomNumberGenerator.Fill(buf);
                a = new BigInteger(buf, isUnsigned: true) % n;
            }
            while (a < 2 || a > n - 2);
            var x = BigInteger.ModPow(a, d, n);
            if (x.IsOne || x == n - 1) continue;
            var composite = true;
            for (var r = 1; r < s; r++)
            {
                x = BigInteger.ModPow(x, 2, n);
                if (x == n - 1) { composite = false; break; }
            }
            if (composite) return false;
        }
        return true;
    }
}

public sealed class SecurityException(string message) : CryptographicException(message);
