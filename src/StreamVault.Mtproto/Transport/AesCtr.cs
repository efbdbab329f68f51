using System.Security.Cryptography;

namespace StreamVault.Mtproto.Transport;

/// <summary>AES-256-CTR keystream (big-endian 128-bit counter) on top of AES-ECB; used by the obfuscated transport.</summary>
internal sealed class AesCtr : IDisposable
{
    private const int Batch = 4096;
    private readonly Aes _aes;
    private readonly byte[] _counter = new byte[16];
    private readonly byte[] _counters = new byte[Batch];
    private readonly byte[] _keystream = new byte[Batch];
    private int _used = Batch;

    public AesCtr(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        iv.CopyTo(_counter);
    }

    public void Transform(Span<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            if (_used == Batch)
            {
                Refill();
            }

            var n = Math.Min(Batch - _used, data.Length - i);
            var ks = _keystream.AsSpan(_used, n);
            var d = data.Slice(i, n);
            for (var k = 0; k < n; k++)
            {
                d[k] ^= ks[k];
            }

            _used += n;
            i += n;
        }
    }

    private void Refill()
    {
        // One ECB call over many counter blocks amortises the per-call cost of the platform AES.
        for (var b = 0; b < Batch; b += 16)
        {
            _counter.CopyTo(_counters, b);
            for (var j = 15; j >= 0; j--)
            {
                if (++_counter[j] != 0)
                {
                    break;
                }
            }
        }
        _aes.EncryptEcb(_counters, _keystream, PaddingMode.None);
        _used = 0;
    }

    public void Dispose() => _aes.Dispose();
}
