using Microsoft.Extensions.Time.Testing;
using StreamVault.Web.Ranges.Memory;

namespace StreamVault.Web.Ranges.Tests.Memory;

public sealed class SizedBlockMemoryPoolTests
{
    [Theory]
    [InlineData(-1, 4096)]
    [InlineData(1, 4096)]
    [InlineData(4096, 4096)]
    [InlineData(4097, 16384)]
    [InlineData(16 * 1024, 16384)]
    [InlineData(20_000, 32768)]
    [InlineData(32 * 1024, 32768)]
    [InlineData(40_000, 65536)]
    [InlineData(64 * 1024, 65536)]
    public void Rents_the_smallest_block_that_holds_the_request(int asked, int expected)
    {
        using var pool = new SizedBlockMemoryPool();
        using var block = pool.Rent(asked);
        Assert.Equal(expected, block.Memory.Length);
    }

    [Fact]
    public void Refuses_more_than_its_largest_block()
    {
        using var pool = new SizedBlockMemoryPool();
        Assert.Equal(64 * 1024, pool.MaxBufferSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent((64 * 1024) + 1));
    }

    [Fact]
    public void A_returned_block_is_reused_once_even_if_disposed_twice()
    {
        using var pool = new SizedBlockMemoryPool();
        var first = pool.Rent(16 * 1024);
        first.Memory.Span[0] = 42;
        first.Dispose();
        first.Dispose(); // pipes dispose once, but a second dispose must not pool the block twice
        Assert.Equal([0, 1, 0, 0], pool.IdleBlocks);

        using var again = pool.Rent(10_000);
        using var fresh = pool.Rent(10_000);
        Assert.Equal(42, again.Memory.Span[0]); // the same memory came back
        Assert.False(again.Memory.Span.Overlaps(fresh.Memory.Span));
        Assert.Equal([0, 0, 0, 0], pool.IdleBlocks);
    }

    [Fact]
    public void Keeps_at_most_64_MiB_of_idle_blocks_of_one_size()
    {
        using var pool = new SizedBlockMemoryPool();
        var blocks = Enumerable.Range(0, 1100).Select(_ => pool.Rent(64 * 1024)).ToList();
        foreach (var block in blocks)
        {
            block.Dispose();
        }

        Assert.Equal(1024, pool.IdleBlocks[3]);
    }

    [Fact]
    public void Blocks_idle_through_a_whole_trim_period_are_released_half_at_a_time()
    {
        var time = new FakeTimeProvider();
        using var pool = new SizedBlockMemoryPool(time, TimeSpan.FromSeconds(10));
        var burst = Enumerable.Range(0, 100).Select(_ => pool.Rent(16 * 1024)).ToList();
        burst.ForEach(b => b.Dispose());
        Assert.Equal(100, pool.IdleBlocks[1]);

        time.Advance(TimeSpan.FromSeconds(10)); // the blocks were just in use: nothing goes yet
        Assert.Equal(100, pool.IdleBlocks[1]);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(50, pool.IdleBlocks[1]);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(25, pool.IdleBlocks[1]);

        // Traffic needs 20 of them in this period: only the 5 that stayed idle throughout count as surplus.
        var busy = Enumerable.Range(0, 20).Select(_ => pool.Rent(16 * 1024)).ToList();
        busy.ForEach(b => b.Dispose());
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(23, pool.IdleBlocks[1]);

        for (var i = 0; i < 20; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(1, pool.IdleBlocks[1]); // halving leaves the last one; a rental in a quiet minute finds it
    }
}
