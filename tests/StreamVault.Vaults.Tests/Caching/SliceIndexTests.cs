using StreamVault.Vaults.Caching;

namespace StreamVault.Vaults.Tests.Caching;

public sealed class SliceIndexTests
{
    private static SliceKey K(int media, int index) => new(media, 1, index);

    [Fact]
    public void Lru_evicts_least_recently_used_by_bytes()
    {
        var index = new SliceIndex(capacityBytes: 300, protectedFraction: 0);
        index.Add(K(1, 0), 100);
        index.Add(K(1, 1), 100);
        index.Add(K(1, 2), 100);
        Assert.True(index.Touch(K(1, 0)));
        index.Add(K(1, 3), 150);

        var victims = index.EvictOverCapacity();

        Assert.Equal([K(1, 1), K(1, 2)], victims);
        Assert.Equal(250, index.Bytes);
        Assert.True(index.Contains(K(1, 0)));
    }

    [Fact]
    public void Segmented_index_keeps_reread_slices_through_a_scan()
    {
        var index = new SliceIndex(capacityBytes: 1000, protectedFraction: 0.5);
        for (var i = 0; i < 4; i++)
        {
            index.Add(K(1, i), 100);
            index.Touch(K(1, i)); // a popular head, read twice
        }

        for (var i = 0; i < 50; i++)
        {
            index.Add(K(2, i), 100); // one long binge, read once
            index.EvictOverCapacity();
        }

        for (var i = 0; i < 4; i++)
        {
            Assert.True(index.Contains(K(1, i)));
        }

        Assert.True(index.Bytes <= 1000);
    }

    [Fact]
    public void Plain_lru_loses_the_popular_head_to_the_same_scan()
    {
        var index = new SliceIndex(capacityBytes: 1000, protectedFraction: 0);
        for (var i = 0; i < 4; i++)
        {
            index.Add(K(1, i), 100);
            index.Touch(K(1, i));
        }

        for (var i = 0; i < 50; i++)
        {
            index.Add(K(2, i), 100);
            index.EvictOverCapacity();
        }

        Assert.False(index.Contains(K(1, 0)));
    }
}
