using System.Buffers;

namespace StreamVault.Mtproto.Transport;

/// <summary>A rented byte array with a logical length; the download path moves megabytes per call, so frames are never freshly allocated.</summary>
public sealed class PooledBuffer : IDisposable
{
    private byte[]? _array;

    public PooledBuffer(int length)
    {
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(length, 16));
        Length = length;
    }

    public int Length { get; set; }

    public byte[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledBuffer));

    public Memory<byte> Memory => Array.AsMemory(0, Length);

    public Span<byte> Span => Array.AsSpan(0, Length);

    public void Dispose()
    {
        var a = Interlocked.Exchange(ref _array, null);
        if (a is not null)
        {
            ArrayPool<byte>.Shared.Return(a);
        }
    }
}
