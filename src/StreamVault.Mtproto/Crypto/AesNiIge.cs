using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace StreamVault.Mtproto.Crypto;

/// <summary>
/// AES-256-IGE on AES-NI round instructions. IGE chains every block on the previous one, so the
/// per-call overhead of the framework ECB transform (~1 µs) dominates; this keeps the whole chain in registers.
/// Cross-checked against the framework ECB path by the vector tests.
/// </summary>
internal static class AesNiIge
{
    public static bool IsSupported => X86Aes.IsSupported && Sse2.IsSupported;

    // Hot loops: skip tier-0 JIT, whose unoptimised intrinsics are several times slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Encrypt(ReadOnlySpan<byte> input, Span<byte> output, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        Span<Vector128<byte>> rk = stackalloc Vector128<byte>[15];
        Expand(key, rk);
        Vector128<byte> k0 = rk[0], k1 = rk[1], k2 = rk[2], k3 = rk[3], k4 = rk[4], k5 = rk[5], k6 = rk[6], k7 = rk[7];
        Vector128<byte> k8 = rk[8], k9 = rk[9], k10 = rk[10], k11 = rk[11], k12 = rk[12], k13 = rk[13], k14 = rk[14];
        var cPrev = Load(iv, 0);
        var pPrev = Load(iv, 16);
        for (var i = 0; i < input.Length; i += 16)
        {
            var p = Load(input, i);
            var x = p ^ cPrev ^ k0;
            x = X86Aes.Encrypt(x, k1); x = X86Aes.Encrypt(x, k2); x = X86Aes.Encrypt(x, k3); x = X86Aes.Encrypt(x, k4);
            x = X86Aes.Encrypt(x, k5); x = X86Aes.Encrypt(x, k6); x = X86Aes.Encrypt(x, k7); x = X86Aes.Encrypt(x, k8);
            x = X86Aes.Encrypt(x, k9); x = X86Aes.Encrypt(x, k10); x = X86Aes.Encrypt(x, k11); x = X86Aes.Encrypt(x, k12);
            x = X86Aes.Encrypt(x, k13);
            var c = X86Aes.EncryptLast(x, k14) ^ pPrev;
            Store(output, i, c);
            cPrev = c;
            pPrev = p;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decrypt(ReadOnlySpan<byte> input, Span<byte> output, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        Span<Vector128<byte>> rk = stackalloc Vector128<byte>[15];
        Expand(key, rk);
        Span<Vector128<byte>> dk = stackalloc Vector128<byte>[15];
        dk[0] = rk[14];
        for (var r = 1; r < 14; r++)
        {
            dk[r] = X86Aes.InverseMixColumns(rk[14 - r]);
        }

        dk[14] = rk[0];
        Vector128<byte> k0 = dk[0], k1 = dk[1], k2 = dk[2], k3 = dk[3], k4 = dk[4], k5 = dk[5], k6 = dk[6], k7 = dk[7];
        Vector128<byte> k8 = dk[8], k9 = dk[9], k10 = dk[10], k11 = dk[11], k12 = dk[12], k13 = dk[13], k14 = dk[14];
        var cPrev = Load(iv, 0);
        var pPrev = Load(iv, 16);
        for (var i = 0; i < input.Length; i += 16)
        {
            var c = Load(input, i);
            var x = c ^ pPrev ^ k0;
            x = X86Aes.Decrypt(x, k1); x = X86Aes.Decrypt(x, k2); x = X86Aes.Decrypt(x, k3); x = X86Aes.Decrypt(x, k4);
            x = X86Aes.Decrypt(x, k5); x = X86Aes.Decrypt(x, k6); x = X86Aes.Decrypt(x, k7); x = X86Aes.Decrypt(x, k8);
            x = X86Aes.Decrypt(x, k9); x = X86Aes.Decrypt(x, k10); x = X86Aes.Decrypt(x, k11); x = X86Aes.Decrypt(x, k12);
            x = X86Aes.Decrypt(x, k13);
            var p = X86Aes.DecryptLast(x, k14) ^ cPrev;
            Store(output, i, p);
            cPrev = c;
            pPrev = p;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Load(ReadOnlySpan<byte> s, int offset) => Vector128.Create(s.Slice(offset, 16));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<byte> s, int offset, Vector128<byte> v) => v.CopyTo(s.Slice(offset, 16));

    private static void Expand(ReadOnlySpan<byte> key, Span<Vector128<byte>> rk)
    {
        var t1 = Load(key, 0);
        var t3 = Load(key, 16);
        rk[0] = t1;
        rk[1] = t3;
        // KeygenAssist needs an immediate round constant, hence the unrolled schedule.
        Step(ref t1, ref t3, X86Aes.KeygenAssist(t3, 0x01), rk, 2);
        Step(ref t1, ref t3, X86Aes.KeygenAssist(t3, 0x02), rk, 4);
        Step(ref t1, ref t3, X86Aes.KeygenAssist(t3, 0x04), rk, 6);
        Step(ref t1, ref t3, X86Aes.KeygenAssist(t3, 0x08), rk, 8);
        Step(ref t1, ref t3, X86Aes.KeygenAssist(t3, 0x10), rk, 10);
        Step(ref t1, ref t3, X86Aes.KeygenAssist(t3, 0x20), rk, 12);
        t1 = Mix(t1, Sse2.Shuffle(X86Aes.KeygenAssist(t3, 0x40).AsUInt32(), 0xff).AsByte());
        rk[14] = t1;
    }

    private static void Step(ref Vector128<byte> t1, ref Vector128<byte> t3, Vector128<byte> assist, Span<Vector128<byte>> rk, int index)
    {
        t1 = Mix(t1, Sse2.Shuffle(assist.AsUInt32(), 0xff).AsByte());
        rk[index] = t1;
        t3 = Mix(t3, Sse2.Shuffle(X86Aes.KeygenAssist(t1, 0).AsUInt32(), 0xaa).AsByte());
        rk[index + 1] = t3;
    }

    private static Vector128<byte> Mix(Vector128<byte> k, Vector128<byte> assist)
    {
        var t = Sse2.ShiftLeftLogical128BitLane(k, 4);
        k ^= t;
        t = Sse2.ShiftLeftLogical128BitLane(t, 4);
        k ^= t;
        t = Sse2.ShiftLeftLogical128BitLane(t, 4);
        k ^= t;
        return k ^ assist;
    }
}
