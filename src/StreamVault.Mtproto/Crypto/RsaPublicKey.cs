using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto.Crypto;

/// <summary>A server RSA key as MTProto sees it: modulus, exponent and the 64-bit fingerprint.</summary>
public sealed class RsaPublicKey
{
    public RsaPublicKey(byte[] modulus, byte[] exponent)
    {
        Modulus = DhChecks.FromBigEndian(modulus);
        Exponent = DhChecks.FromBigEndian(exponent);
        var w = new TlWriter();
        w.WriteBytes(modulus.AsSpan().TrimStart((byte)0));
        w.WriteBytes(exponent.AsSpan().TrimStart((byte)0));
        Fingerprint = BinaryPrimitives.ReadInt64LittleEndian(SHA1.HashData(w.WrittenSpan).AsSpan(12, 8));
    }

    public BigInteger Modulus { get; }

    public BigInteger Exponent { get; }

    /// <summary>Lower 64 bits of SHA1(rsa_public_key n:bytes e:bytes), little-endian.</summary>
    public long Fingerprint { get; }

    /// <summary>Parses every "-----BEGIN RSA PUBLIC KEY-----" (PKCS#1) or "PUBLIC KEY" block in a text.</summary>
    public static IReadOnlyList<RsaPublicKey> ParsePem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var keys = new List<RsaPublicKey>();
        var idx = 0;
        while (true)
        {
            var start = text.IndexOf("-----BEGIN ", idx, StringComparison.Ordinal);
            if (start < 0)
            {
                break;
            }

            var endMarker = text.IndexOf("-----END ", start, StringComparison.Ordinal);
            var end = text.IndexOf("-----", endMarker + 9, StringComparison.Ordinal) + 5;
            using var rsa = RSA.Create();
            rsa.ImportFromPem(text.AsSpan(start, end - start));
            var p = rsa.ExportParameters(false);
            keys.Add(new RsaPublicKey(p.Modulus!, p.Exponent!));
            idx = end;
        }
        return keys;
    }
}
