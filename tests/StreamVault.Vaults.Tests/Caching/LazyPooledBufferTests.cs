using StreamVault.Vaults.Caching;

namespace StreamVault.Vaults.Tests.Caching;

public sealed class LazyPooledBufferTests
{
    [Fact]
    public void Nothing_is_rented_until_the_backend_writes()
    {
        using var buffer = new LazyPooledBuffer(1024 * 1024);
        var queued = buffer.Lazy.Slice(4096, 8192);

        Assert.Equal(8192, queued.Length);
        Assert.False(buffer.IsRented);

        queued.Span.Fill(42);

        Assert.True(buffer.IsRented);
        var array = buffer.Detach();
        Assert.Equal(42, array[4096]);
        Assert.Equal(42, array[4096 + 8191]);
        Assert.False(buffer.IsRented);
        SliceBufferPool.Shared.Return(array);
    }

    [Fact]
    public void A_written_buffer_goes_back_to_its_pool_once_however_often_it_is_released()
    {
        var pool = new SliceBufferPool(retained: 4);
        var buffer = new LazyPooledBuffer(SliceMath.SliceSize, pool);
        buffer.Lazy.Span[0] = 1;

        buffer.Release();
        buffer.Release();
        ((IDisposable)buffer).Dispose();

        // Returned twice, one array would be handed to two fetches at once.
        Assert.Equal(1, pool.Free);
        Assert.False(buffer.IsRented);
    }

    [Fact]
    public void A_buffer_never_written_returns_nothing_to_its_pool()
    {
        var pool = new SliceBufferPool(retained: 4);
        var buffer = new LazyPooledBuffer(SliceMath.SliceSize, pool);
        _ = buffer.Lazy;

        buffer.Release();

        Assert.Equal(0, pool.Free);
    }
}
