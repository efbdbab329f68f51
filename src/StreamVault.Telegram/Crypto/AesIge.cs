using System.Security.Cryptography;

namespace StreamVault.Telegram.Crypto;

/// <summary>
/// AES-IGE as used by MTProto. IGE is not offered by .NET, so it is chained by hand over
/// single-block hardware AES-ECB. iv = c_prev (16) || p_prev (16).
/// </summary>
public static class AesIge
{
    public static void Encrypt(ReadOnlySpan<byte> input, Span<byte> output, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        Check(input, output, iv);
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        Span<byte> cPrev = stackalloc byte[16];
        Span<byte> pPrev = stackalloc byte[16];
        Span<byte> x = stackalloc byte[16];
        Span<byte> p = stackalloc byte[16];
        iv[..16].CopyTo(cPrev);
        iv[16..32].CopyTo(pPrev);
        for (var i = 0; i < input.Length; i += 16)
        {
            input.Slice(i, 16).CopyTo(p);
            Xor(p, cPrev, x);
            var c = output.Slice(i, 16);
            aes.EncryptEcb(x, c, PaddingMode.None);
            Xor(c, pPrev, c);
            c.CopyTo(cPrev);
            p.CopyTo(pPrev);
        }
    }

    public static void Decrypt(ReadOnlySpan<byte> input, Span<byte> output, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        Check(input, output, iv);
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        Span<byte> cPrev = stackalloc byte[16];
        Span<byte> pPrev = stackalloc byte[16];
        Span<byte> x = stackalloc byte[16];
        Span<byte> c = stackalloc byte[16];
        iv[..16].CopyTo(cPrev);
        iv[16..32].CopyTo(pPrev);
        for (var i = 0; i < input.Length; i += 16)
        {
            // input and output may alias (in-place decrypt), so keep the ciphertext block first
            input.Slice(i, 16).CopyTo(c);
            Xor(c, pPrev, x);
            var p = output.Slice(i, 16);
            aes.DecryptEcb(x, p, PaddingMode.None);
            Xor(p, cPrev, p);
            p.CopyTo(pPrev);
            c.CopyTo(cPrev);
        }
    }

    public static byte[] Encrypt(ReadOnlySpan<byte> input, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        var o = new byte[input.Length];
        Encrypt(input, o, key, iv);
        return o;
    }

    public static byte[] Decrypt(ReadOnlySpan<byte> input, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        var o = new byte[input.Length];
        Decrypt(input, o, key, iv);
        return o;
    }

    private static void Check(ReadOnlySpan<byte> input, Span<byte> output, ReadOnlySpan<byte> iv)
    {
        if (input.Length % 16 != 0) throw new ArgumentException("IGE input must be a multiple of 16 bytes", nameof(input));
        if (output.Length < input.Length) throw new ArgumentException("output too small", nameof(output));
        if (iv.Length != 32) throw new ArgumentException("IGE iv must be 32 bytes", nameof(iv));
    }

    internal static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> dst)
    {
        for (var i = 0; i < dst.Length; i++) dst[i] = (byte)(a[i] ^ b[i]);
    }
}
