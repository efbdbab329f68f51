using StreamVault.Vaults.Caching;

namespace StreamVault.Vaults.Tests.Caching;

public sealed class HotSliceMemoryTests
{
    [Fact]
    public void Readers_of_a_hot_slice_share_one_buffer()
    {
        var hot = new HotSliceMemory(4 * 1024);
        var slice = Slice(1024, fill: 7);
        hot.Add(new SliceKey(1, 1, 0), slice);

        Assert.True(hot.TryGet(new SliceKey(1, 1, 0), out var a));
        Assert.True(hot.TryGet(new SliceKey(1, 1, 0), out var b));

        Assert.Same(a, b);
        Assert.Equal(7, a.Memory.Span[0]);
        Assert.False(hot.TryGet(new SliceKey(1, 2, 0), out _));
    }

    [Fact]
    public void The_least_recently_read_slices_leave_when_bytes_run_over()
    {
        var hot = new HotSliceMemory(3 * 1024);
        hot.Add(new SliceKey(1, 1, 0), Slice(1024));
        hot.Add(new SliceKey(1, 1, 1), Slice(1024));
        hot.Add(new SliceKey(1, 1, 2), Slice(1024));
        Assert.True(hot.TryGet(new SliceKey(1, 1, 0), out _)); // slice 0 is now the most recent

        hot.Add(new SliceKey(1, 1, 3), Slice(1024));

        Assert.Equal(3 * 1024, hot.Bytes);
        Assert.True(hot.TryGet(new SliceKey(1, 1, 0), out _));
        Assert.False(hot.TryGet(new SliceKey(1, 1, 1), out _));
        Assert.True(hot.TryGet(new SliceKey(1, 1, 3), out _));
    }

    [Fact]
    public void Takedown_removes_every_slice_of_one_media_file_only()
    {
        var hot = new HotSliceMemory(8 * 1024);
        hot.Add(new SliceKey(1, 1, 0), Slice(1024));
        hot.Add(new SliceKey(1, 2, 5), Slice(1024));
        hot.Add(new SliceKey(2, 1, 0), Slice(1024));

        hot.Remove(1);

        Assert.False(hot.TryGet(new SliceKey(1, 1, 0), out _));
        Assert.False(hot.TryGet(new SliceKey(1, 2, 5), out _));
        Assert.True(hot.TryGet(new SliceKey(2, 1, 0), out _));
        Assert.Equal(1024, hot.Bytes);
    }

    [Fact]
    public void No_capacity_keeps_nothing()
    {
        var hot = new HotSliceMemory(0);
        hot.Add(new SliceKey(1, 1, 0), Slice(1024));

        Assert.False(hot.TryGet(new SliceKey(1, 1, 0), out _));
        Assert.Equal(0, hot.Bytes);
    }

    private static SharedSlice Slice(int length, byte fill = 0)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        buffer.AsSpan(0, length).Fill(fill);
        return new SharedSlice(buffer, length, 1);
    }
}
