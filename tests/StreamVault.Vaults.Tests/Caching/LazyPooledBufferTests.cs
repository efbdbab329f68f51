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
    public void Release_without_a_write_has_nothing_to_return()
    {
        var buffer = new LazyPooledBuffer(16);
        _ = buffer.Lazy;

        buffer.Release();

        Assert.False(buffer.IsRented);
    }
}
