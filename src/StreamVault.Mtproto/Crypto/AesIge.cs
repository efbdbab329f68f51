using System.Security.Cryptography;

namespace StreamVault.Mtproto.Crypto;

/// <summary>
/// AES-IGE as used by MTProto. IGE is not offered by .NET, so it is chained by hand over
/// single-block hardware AES-ECB. iv = c_prev (16) || p_prev (16).
/// One ECB transform is kept for the whole buffer: the one-shot EncryptEcb API builds a native
/// cipher context per call, which costs more than the block itself.
/// </summary>
public static class AesIge
{
    public static void Encrypt(ReadOnlySpan<byte> input, Span<byte> output, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        Check(input, output, iv);
        if (key.Length == 32 && AesNiIge.IsSupported && !ForceFramework)
        {
            AesNiIge.Encrypt(input, output, key, iv);
            return;
        }
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.None;
        using var ecb = aes.CreateEncryptor(aes.Key, null);
        Span<byte> cPrev = stackalloc byte[16];
        Span<byte> pPrev = stackalloc byte[16];
        Span<byte> p = stackalloc byte[16];
        var x = new byte[16];
        var e = new byte[16];
        iv[..16].CopyTo(cPrev);
        iv[16..32].CopyTo(pPrev);
        for (var i = 0; i < input.Length; i += 16)
        {
            input.Slice(i, 16).CopyTo(p);
            Xor(p, cPrev, x);
            ecb.TransformBlock(x, 0, 16, e, 0);
            var c = output.Slice(i, 16);
            Xor(e, pPrev, c);
            c.CopyTo(cPrev);
            p.CopyTo(pPrev);
        }
    }

    /// <summary>Test hook: use the framework ECB transform even when AES-NI is available.</summary>
    internal static bool ForceFramework { get; set; }

    public static void Decrypt(ReadOnlySpan<byte> input, Span<byte> output, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        Check(input, output, iv);
        if (key.Length == 32 && AesNiIge.IsSupported && !ForceFramework)
        {
            AesNiIge.Decrypt(input, output, key, iv);
            return;
        }
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.None;
        using var ecb = aes.CreateDecryptor(aes.Key, null);
        Span<byte> cPrev = stackalloc byte[16];
        Span<byte> pPrev = stackalloc byte[16];
        Span<byte> c = stackalloc byte[16];
        var x = new byte[16];
        var d = new byte[16];
        iv[..16].CopyTo(cPrev);
        iv[16..32].CopyTo(pPrev);
        for (var i = 0; i < input.Length; i += 16)
        {
            // input and output may alias (in-place decrypt), so keep the ciphertext block first
            input.Slice(i, 16).CopyTo(c);
            Xor(c, pPrev, x);
            ecb.TransformBlock(x, 0, 16, d, 0);
            var p = output.Slice(i, 16);
            Xor(d, cPrev, p);
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
        if (input.Length % 16 != 0)
        {
            throw new ArgumentException("IGE input must be a multiple of 16 bytes", nameof(input));
        }

        if (output.Length < input.Length)
        {
            throw new ArgumentException("output too small", nameof(output));
        }

        if (iv.Length != 32)
        {
            throw new ArgumentException("IGE iv must be 32 bytes", nameof(iv));
        }
    }

    internal static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> dst)
    {
        for (var i = 0; i < dst.Length; i++)
        {
            dst[i] = (byte)(a[i] ^ b[i]);
        }
    }
}
