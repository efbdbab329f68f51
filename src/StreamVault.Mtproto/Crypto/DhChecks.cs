using System.Numerics;
using System.Security.Cryptography;

namespace StreamVault.Mtproto.Crypto;

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
        if (p.GetBitLength() != 2048)
        {
            throw new SecurityException("dh_prime is not 2048 bits");
        }

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
        if (!ok)
        {
            throw new SecurityException($"g={g} is not a valid generator for dh_prime");
        }
        // Miller–Rabin on 2048 bits costs seconds; every server sends the same prime, so prove it once per process.
        if (VerifiedPrimes.ContainsKey(p))
        {
            return;
        }

        if (!IsProbablePrime(p, 12) || !IsProbablePrime((p - 1) / 2, 12))
        {
            throw new SecurityException("dh_prime is not a safe prime");
        }

        VerifiedPrimes.TryAdd(p, 0);
    }

    // Telegram's published dh_prime (the one every production DC sends) is known to be a safe prime, as TDLib also
    // assumes; any other prime is proven with Miller–Rabin on first sight.
    internal static readonly BigInteger TelegramPrime = FromBigEndian(Convert.FromHexString(
        "C71CAEB9C6B1C9048E6C522F70F13F73980D40238E3E21C14934D037563D930F48198A0AA7C14058229493D22530F4DBFA336F6E0AC925139543AED44CCE7C37" +
        "20FD51F69458705AC68CD4FE6B6B13ABDC9746512969328454F18FAF8C595F642477FE96BB2A941D5BCD1D4AC8CC49880708FA9B378E3C4F3A9060BEE67CF9A4" +
        "A4A695811051907E162753B56B0F6B410DBA74D8A84B2A14B3144E0EF1284754FD17ED950D5965B4B9DD46582DB1178D169C6BC465B0D6FF9CA3928FEF5B9AE4" +
        "E418FC15E83EBEA0F87FA9FF5EED70050DED2849F47BF959D956850CE929851F0D8115F635B105EE2E4E15D04B2454BF6F4FADF034B10403119CD8E3B92FCC5B"));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<BigInteger, byte> VerifiedPrimes = new() { [TelegramPrime] = 0 };

    /// <summary>1 &lt; g_x &lt; p-1 and 2^(2048-64) ≤ g_x ≤ p - 2^(2048-64).</summary>
    public static void CheckGx(BigInteger gx, BigInteger p)
    {
        var bound = BigInteger.One << (2048 - 64);
        if (gx <= 1 || gx >= p - 1 || gx < bound || gx > p - bound)
        {
            throw new SecurityException("g_a/g_b out of the safe range");
        }
    }

    public static bool IsProbablePrime(BigInteger n, int rounds = 24)
    {
        if (n < 2)
        {
            return false;
        }

        foreach (var small in (int[])[2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37])
        {
            if (n == small)
            {
                return true;
            }

            if (n % small == 0)
            {
                return false;
            }
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
            if (x.IsOne || x == n - 1)
            {
                continue;
            }

            var composite = true;
            for (var r = 1; r < s; r++)
            {
                x = BigInteger.ModPow(x, 2, n);
                if (x == n - 1) { composite = false; break; }
            }
            if (composite)
            {
                return false;
            }
        }
        return true;
    }
}

public sealed class SecurityException(string message) : CryptographicException(message);
