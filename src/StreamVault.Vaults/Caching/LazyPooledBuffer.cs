using System.Buffers;

namespace StreamVault.Vaults.Caching;

/// <summary>
/// Memory for one slice fetch that is rented from the pool only when the backend first writes into it. A fetch can wait
/// in the swarm's queue for budget a long time; renting at dispatch instead of at enqueue keeps a thousand queued
/// fetches from pinning a thousand MiB.
/// </summary>
internal sealed class LazyPooledBuffer(int length, SliceBufferPool? pool = null) : MemoryManager<byte>
{
    private readonly SliceBufferPool _pool = pool ?? SliceBufferPool.Shared;

    private readonly Lock _lock = new();
    private byte[]? _array;

    public bool IsRented
    {
        get
        {
            lock (_lock)
            {
                return _array is not null;
            }
        }
    }

    /// <summary>A view that does not rent until something reads or writes its span.</summary>
    public Memory<byte> Lazy => CreateMemory(length);

    /// <summary>The pooled array, rented now if nothing wrote yet. Ownership passes to the caller of <see cref="Detach"/>.</summary>
    public byte[] Array
    {
        get
        {
            lock (_lock)
            {
                return _array ??= _pool.Rent();
            }
        }
    }

    public override Span<byte> GetSpan() => Array.AsSpan(0, length);

    public override MemoryHandle Pin(int elementIndex = 0) => Array.AsMemory(elementIndex).Pin();

    public override void Unpin()
    {
        // The handle returned by Pin unpins itself.
    }

    /// <summary>Hands the rented array to the caller, who returns it to the pool.</summary>
    public byte[] Detach()
    {
        lock (_lock)
        {
            var array = _array ?? _pool.Rent();
            _array = null;
            return array;
        }
    }

    /// <summary>Gives the array back to the pool if one was rented.</summary>
    public void Release()
    {
        byte[]? array;
        lock (_lock)
        {
            array = _array;
            _array = null;
        }

        if (array is not null)
        {
            _pool.Return(array);
        }
    }

    protected override bool TryGetArray(out ArraySegment<byte> segment)
    {
        segment = new ArraySegment<byte>(Array, 0, length);
        return true;
    }

    protected override void Dispose(bool disposing) => Release();
}
