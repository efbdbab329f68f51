using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace StreamVault.Web.Ranges.Memory;

/// <summary>
/// Kestrel's connection memory with four block sizes (4, 16, 32 and 64 KiB) instead of one (4 KiB). A media response
/// asks its pipe for a 16 or 32 KiB block and reads the slice or file straight into it. With 4 KiB blocks that request
/// is served from <see cref="ArrayPool{T}.Shared"/>, whose arrays then wait in slow viewers' pipes and churn the heap
/// (a thousand local streams peaked at 410–440 MiB that way), or the bytes must be copied into 4 KiB blocks (0.51–0.58
/// of nginx's requests/s against 0.66 here, bench/range-vs-nginx.sh). Blocks are pinned, as Kestrel's are, so sockets
/// use them as they are. Each size keeps up to <see cref="IdleBytesPerSize"/> of idle blocks: a smaller cap (16 MiB)
/// dropped blocks faster than the collector reclaims pinned memory and a thousand streams peaked near 700 MiB. Blocks
/// that sat idle through a whole trim period are released half at a time, so a burst's blocks do not stay resident.
/// </summary>
public sealed class SizedBlockMemoryPool : MemoryPool<byte>
{
    private const int IdleBytesPerSize = 64 * 1024 * 1024;
    private static readonly int[] Sizes = [4 * 1024, 16 * 1024, 32 * 1024, 64 * 1024];
    private readonly ConcurrentQueue<Block>[] _idle = [new(), new(), new(), new()];
    private readonly int[] _idleCounts = new int[Sizes.Length];
    private readonly int[] _lowWater = new int[Sizes.Length];
    private readonly ITimer _trim;
    private int _disposed;

    public SizedBlockMemoryPool()
        : this(TimeProvider.System, TimeSpan.FromSeconds(10))
    {
    }

    internal SizedBlockMemoryPool(TimeProvider time, TimeSpan trimPeriod) =>
        _trim = time.CreateTimer(_ => Trim(), null, trimPeriod, trimPeriod);

    public override int MaxBufferSize => Sizes[^1];

    /// <summary>Idle blocks of each size (4, 16, 32 and 64 KiB), for tests.</summary>
    public IReadOnlyList<int> IdleBlocks => [.. _idleCounts];

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, MaxBufferSize);
        var size = SizeFor(minBufferSize);
        if (_idle[size].TryDequeue(out var block))
        {
            LowerWater(size, Interlocked.Decrement(ref _idleCounts[size]));
            block.Lease();
            return block;
        }

        return new Block(this, size, GC.AllocateUninitializedArray<byte>(Sizes[size], pinned: true));
    }

    protected override void Dispose(bool disposing)
    {
        Volatile.Write(ref _disposed, 1);
        _trim.Dispose();
    }

    /// <summary>Releases half of the blocks of each size that no rental needed since the last trim.</summary>
    internal void Trim()
    {
        for (var size = 0; size < Sizes.Length; size++)
        {
            var surplus = Interlocked.Exchange(ref _lowWater[size], int.MaxValue) / 2;
            for (var i = 0; i < surplus && _idle[size].TryDequeue(out _); i++)
            {
                Interlocked.Decrement(ref _idleCounts[size]);
            }

            LowerWater(size, Volatile.Read(ref _idleCounts[size]));
        }
    }

    private void LowerWater(int size, int idle)
    {
        var low = Volatile.Read(ref _lowWater[size]);
        while (idle < low)
        {
            var seen = Interlocked.CompareExchange(ref _lowWater[size], idle, low);
            if (seen == low)
            {
                return;
            }

            low = seen;
        }
    }

    private static int SizeFor(int minBufferSize)
    {
        for (var i = 0; i < Sizes.Length; i++)
        {
            if (minBufferSize <= Sizes[i])
            {
                return i;
            }
        }

        return Sizes.Length - 1;
    }

    private void Return(Block block)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        if (Interlocked.Increment(ref _idleCounts[block.Size]) * Sizes[block.Size] <= IdleBytesPerSize)
        {
            _idle[block.Size].Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref _idleCounts[block.Size]); // enough idle blocks of this size: let the GC have it
        }
    }

    private sealed class Block(SizedBlockMemoryPool pool, int size, byte[] array) : IMemoryOwner<byte>
    {
        private int _leased = 1;

        public int Size => size;

        public Memory<byte> Memory => array;

        public void Lease() => Volatile.Write(ref _leased, 1);

        public void Dispose()
        {
            // Pipes dispose a segment's memory once; a second dispose must not put the block in the pool twice.
            if (Interlocked.Exchange(ref _leased, 0) == 1)
            {
                pool.Return(this);
            }
        }
    }

    /// <summary>Hands Kestrel this pool for its connections (register as <c>IMemoryPoolFactory&lt;byte&gt;</c>).</summary>
    public sealed class Factory : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new SizedBlockMemoryPool();
    }
}
