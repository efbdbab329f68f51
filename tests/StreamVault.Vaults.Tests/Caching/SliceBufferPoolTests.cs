using StreamVault.Vaults.Caching;

namespace StreamVault.Vaults.Tests.Caching;

public sealed class SliceBufferPoolTests
{
    [Fact]
    public void Reuses_returned_buffers_and_keeps_no_more_than_its_bound()
    {
        var pool = new SliceBufferPool(retained: 2);
        var rented = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToArray();
        Assert.All(rented, b => Assert.Equal(SliceMath.SliceSize, b.Length));
        Assert.Equal(5, rented.Distinct().Count());

        foreach (var buffer in rented)
        {
            pool.Return(buffer);
        }

        // A burst of five fetches leaves two slice buffers behind, not five.
        Assert.Equal(2, pool.Free);
        var again = new[] { pool.Rent(), pool.Rent() };
        // By reference: buffers of equal bytes are still different buffers.
        Assert.All(again, b => Assert.Contains(rented, r => ReferenceEquals(r, b)));
        Assert.Equal(0, pool.Free);
        var fresh = pool.Rent();
        Assert.DoesNotContain(rented, r => ReferenceEquals(r, fresh));
    }

    [Fact]
    public void Refuses_a_buffer_that_is_not_a_slice()
    {
        var pool = new SliceBufferPool(retained: 2);
        Assert.Throws<ArgumentException>(() => pool.Return(new byte[4096]));
        Assert.Equal(0, pool.Free);
    }
}
