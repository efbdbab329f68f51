namespace StreamVault.Vaults.Caching;

/// <summary>
/// The 1 MiB buffers slice fetches land in. Not <c>ArrayPool&lt;byte&gt;.Shared</c>: that pool keeps up to 32 arrays
/// per size per core, so on a 4-core server it could sit on 128 MiB of slice buffers after a burst. This one keeps at
/// most <see cref="Retained"/> (about the fetches a swarm has in flight) and lets the garbage collector have the rest.
/// </summary>
internal sealed class SliceBufferPool(int retained)
{
    private readonly Stack<byte[]> _free = new();

    public static SliceBufferPool Shared { get; } = new(16);

    public int Retained { get; } = retained;

    public int Free
    {
        get
        {
            lock (_free)
            {
                return _free.Count;
            }
        }
    }

    public byte[] Rent()
    {
        lock (_free)
        {
            if (_free.TryPop(out var buffer))
            {
                return buffer;
            }
        }

        return GC.AllocateUninitializedArray<byte>(SliceMath.SliceSize);
    }

    public void Return(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length != SliceMath.SliceSize)
        {
            throw new ArgumentException("Not a slice buffer.", nameof(buffer));
        }

        lock (_free)
        {
            if (_free.Count < Retained)
            {
                _free.Push(buffer);
            }
        }
    }
}
