using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace StreamVault.Mtproto.Crypto;

/// <summary>
/// Telegram's 2FA SRP (core.telegram.org/api/srp) for the algo
/// passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow. Both halves live here so they can be tested together.
/// </summary>
public static class Srp
{
    public sealed record ClientProof(byte[] A, byte[] M1);

    private static byte[] H(params byte[][] parts)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var p in parts)
        {
            h.AppendData(p);
        }

        return h.GetHashAndReset();
    }

    private static byte[] Sh(byte[] data, byte[] salt) => H(salt, data, salt);

    /// <summary>x = PH2(password, salt1, salt2) = SH(pbkdf2(sha512, PH1, salt1, 100000), salt2).</summary>
    public static byte[] PasswordHash(string password, byte[] salt1, byte[] salt2)
    {
        var ph1 = Sh(Sh(Encoding.UTF8.GetBytes(password), salt1), salt2);
        var kdf = Rfc2898DeriveBytes.Pbkdf2(ph1, salt1, 100000, HashAlgorithmName.SHA512, 64);
        return Sh(kdf, salt2);
    }

    private static BigInteger Num(byte[] b) => DhChecks.FromBigEndian(b);

    private static byte[] Pad(BigInteger v) => DhChecks.ToBigEndian(v, 256);

    private static BigInteger Mod(BigInteger a, BigInteger p) => ((a % p) + p) % p;

    /// <summary>The verifier v = g^x mod p the server stores instead of the password.</summary>
    public static byte[] Verifier(byte[] x, int g, byte[] p) => Pad(BigInteger.ModPow(g, Num(x), Num(p)));

    private static BigInteger K(int g, byte[] p) => Num(H(p, Pad(g)));

    private static byte[] M1(int g, byte[] p, byte[] salt1, byte[] salt2, byte[] ga, byte[] gb, byte[] k)
    {
        var hp = H(p);
        var hg = H(Pad(g));
        var x = new byte[32];
        AesIge.Xor(hp, hg, x);
        return H(x, H(salt1), H(salt2), ga, gb, k);
    }

    /// <summary>Client side: A and M1 for auth.checkPassword, from account.password's srp_B and the password.</summary>
    public static ClientProof Prove(string password, byte[] salt1, byte[] salt2, int g, byte[] p, byte[] srpB, byte[]? aRandom = null)
    {
        var prime = Num(p);
        var gb = Num(srpB);
        if (gb <= 0 || gb >= prime)
        {
            throw new SecurityException("srp_B out of range");
        }

        var x = Num(PasswordHash(password, salt1, salt2));
        var v = BigInteger.ModPow(g, x, prime);
        var a = Num(aRandom ?? RandomNumberGenerator.GetBytes(256));
        var ga = Pad(BigInteger.ModPow(g, a, prime));
        var gbBytes = Pad(gb);
        var u = Num(H(ga, gbBytes));
        var kv = Mod(K(g, p) * v, prime);
        var t = Mod(gb - kv, prime);
        var sa = BigInteger.ModPow(t, a + (u * x), prime);
        var ka = H(Pad(sa));
        return new ClientProof(ga, M1(g, p, salt1, salt2, ga, gbBytes, ka));
    }

    /// <summary>Server side: B = k·v + g^b mod p for a fresh secret b.</summary>
    public static byte[] ServerB(byte[] verifier, int g, byte[] p, byte[] b)
    {
        var prime = Num(p);
        return Pad(Mod((K(g, p) * Num(verifier)) + BigInteger.ModPow(g, Num(b), prime), prime));
    }

    /// <summary>Server side: checks the client's M1.</summary>
    public static bool Verify(byte[] verifier, int g, byte[] p, byte[] salt1, byte[] salt2, byte[] b, byte[] srpB, byte[] ga, byte[] m1)
    {
        var prime = Num(p);
        var gaNum = Num(ga);
        if (gaNum <= 0 || gaNum >= prime)
        {
            return false;
        }

        var u = Num(H(Pad(gaNum), Pad(Num(srpB))));
        var sb = BigInteger.ModPow(Mod(gaNum * BigInteger.ModPow(Num(verifier), u, prime), prime), Num(b), prime);
        var expected = M1(g, p, salt1, salt2, Pad(gaNum), Pad(Num(srpB)), H(Pad(sb)));
        return CryptographicOperations.FixedTimeEquals(expected, m1);
    }
}
