using System.IO.Pipelines;
using Microsoft.Extensions.Logging.Abstractions;
using StreamVault.Core.IO;
using StreamVault.Vaults.Caching;

namespace StreamVault.Vaults.Tests.Caching;

public sealed class DiskSliceStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sv-slices-" + Guid.NewGuid().ToString("N"));

    private DiskSliceStore Open(long capacitySlices = 8) =>
        new(new SliceCacheOptions { Root = _root, CapacityBytes = capacitySlices * SliceMath.SliceSize, FlushToDisk = false }, NullLogger.Instance);

    private static byte[] Slice(int seed, int length = SliceMath.SliceSize) => TestBed.RandomBytes(length, seed);

    private static async Task<byte[]?> ReadAsync(DiskSliceStore store, SliceKey key, int length = SliceMath.SliceSize)
    {
        using var copy = new MemoryStream();
        var pipe = TestBed.PipeTo(copy);
        var written = await store.CopyToAsync(key, length, 0, length, pipe, CancellationToken.None);
        await pipe.FlushAsync();
        return written == length ? copy.ToArray() : null;
    }

    [Fact]
    public async Task Round_trips_a_slice_and_a_short_tail_slice()
    {
        var store = Open();
        var full = Slice(1);
        var tail = Slice(2, 12345);
        await store.WriteAsync(new SliceKey(7, 1, 0), full, store.Generation, default);
        await store.WriteAsync(new SliceKey(7, 1, 1), tail, store.Generation, default);

        Assert.Equal(full, await ReadAsync(store, new SliceKey(7, 1, 0)));
        Assert.Equal(tail, await ReadAsync(store, new SliceKey(7, 1, 1), tail.Length));
        Assert.Null(await ReadAsync(store, new SliceKey(7, 2, 0)));
    }

    [Fact]
    public async Task Evicts_by_bytes_and_deletes_the_files()
    {
        var store = Open(capacitySlices: 4);
        for (var i = 0; i < 10; i++)
        {
            await store.WriteAsync(new SliceKey(1, 1, i), Slice(i), store.Generation, default);
        }

        Assert.Equal(4, store.Count);
        Assert.Equal(6, store.Evictions);
        Assert.Equal(4, Directory.GetFiles(_root, "*.slice", SearchOption.AllDirectories).Length);
        Assert.Null(await ReadAsync(store, new SliceKey(1, 1, 0)));
        Assert.Equal(Slice(9), await ReadAsync(store, new SliceKey(1, 1, 9)));
    }

    [Fact]
    public async Task Rebuilds_its_index_from_the_folder_after_a_restart()
    {
        var first = Open();
        await first.WriteAsync(new SliceKey(3, 2, 5), Slice(5), first.Generation, default);
        await first.WriteAsync(new SliceKey(4, 1, 0), Slice(6, 999), first.Generation, default);

        var second = Open();

        Assert.Equal(2, second.Count);
        Assert.Equal(Slice(5), await ReadAsync(second, new SliceKey(3, 2, 5)));
        Assert.Equal(Slice(6, 999), await ReadAsync(second, new SliceKey(4, 1, 0), 999));
    }

    [Fact]
    public async Task A_crash_before_the_rename_leaves_nothing_that_is_served()
    {
        var store = Open();
        await store.WriteAsync(new SliceKey(1, 1, 0), Slice(1), store.Generation, default);
        var folder = Path.Combine(_root, "1", "v1");
        // What a crash mid-write leaves: a temp file next to where the slice would go.
        var torn = Path.Combine(folder, "1.slice." + Guid.NewGuid().ToString("N") + ".tmp");
        await File.WriteAllBytesAsync(torn, Slice(2, 5000));

        var restarted = Open();

        Assert.False(File.Exists(torn));
        Assert.Equal(1, restarted.Count);
        Assert.Null(await ReadAsync(restarted, new SliceKey(1, 1, 1)));
    }

    [Fact]
    public async Task A_truncated_slice_file_is_a_miss_and_is_removed()
    {
        var store = Open();
        var key = new SliceKey(1, 1, 3);
        await store.WriteAsync(key, Slice(3), store.Generation, default);
        var path = Path.Combine(_root, "1", "v1", "3.slice");
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(file.Length - 4096);
        }

        var restarted = Open();

        Assert.Null(await ReadAsync(restarted, key));
        Assert.False(File.Exists(path));
        Assert.Equal(0, restarted.Count);
    }

    [Fact]
    public async Task A_flipped_byte_fails_the_checksum_and_is_never_served()
    {
        var store = Open();
        var key = new SliceKey(1, 1, 0);
        await store.WriteAsync(key, Slice(4), store.Generation, default);
        var path = Path.Combine(_root, "1", "v1", "0.slice");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[DiskSliceStore.HeaderSize + 777] ^= 0x40;
        await File.WriteAllBytesAsync(path, bytes);

        Assert.Null(await ReadAsync(store, key));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Purge_drops_every_version_of_one_media_file_and_blocks_fetches_in_flight()
    {
        var store = Open();
        var before = store.Generation;
        await store.WriteAsync(new SliceKey(9, 1, 0), Slice(1), before, default);
        await store.WriteAsync(new SliceKey(9, 2, 0), Slice(2), before, default);
        await store.WriteAsync(new SliceKey(8, 1, 0), Slice(3), before, default);

        Assert.Equal(2, store.Purge(9));
        // A fetch that started before the purge finishes after it: its bytes must not come back.
        await store.WriteAsync(new SliceKey(9, 1, 1), Slice(4), before, default);

        Assert.Null(await ReadAsync(store, new SliceKey(9, 1, 0)));
        Assert.Null(await ReadAsync(store, new SliceKey(9, 2, 0)));
        Assert.Null(await ReadAsync(store, new SliceKey(9, 1, 1)));
        Assert.False(Directory.Exists(Path.Combine(_root, "9")) && Directory.GetFiles(Path.Combine(_root, "9"), "*", SearchOption.AllDirectories).Length > 0);
        Assert.Equal(Slice(3), await ReadAsync(store, new SliceKey(8, 1, 0)));
    }

    [Fact]
    public async Task A_hit_for_a_response_that_sends_files_goes_as_a_range_of_the_slice_file()
    {
        var store = Open();
        var slice = Slice(4);
        var key = new SliceKey(9, 1, 3);
        await store.WriteAsync(key, slice, store.Generation, default);
        var sink = new FileSink();

        var written = await store.CopyToAsync(key, slice.Length, 100, 70100, sink, CancellationToken.None);

        Assert.Equal(70000, written);
        Assert.Equal(slice[100..70100], sink.Sent.Single());
        Assert.Equal(0, sink.PipedBytes); // nothing went through the pipe
    }

    [Fact]
    public async Task A_slice_damaged_after_its_check_is_not_sent_as_a_file()
    {
        var store = Open();
        var key = new SliceKey(9, 1, 4);
        await store.WriteAsync(key, Slice(5), store.Generation, default);
        var file = Directory.GetFiles(_root, "4.slice", SearchOption.AllDirectories).Single();
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[0] ^= 0xFF; // the header's magic
        await File.WriteAllBytesAsync(file, bytes);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        var sink = new FileSink();

        Assert.Equal(0, await store.CopyToAsync(key, SliceMath.SliceSize, 0, SliceMath.SliceSize, sink, CancellationToken.None));
        Assert.Empty(sink.Sent);
        Assert.False(store.Contains(key));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

/// <summary>A response pipe that can send files: records the bytes of each file range it is handed.</summary>
internal sealed class FileSink : PipeWriter, IFileRangeSink
{
    private readonly Pipe _pipe = new();

    public List<byte[]> Sent { get; } = [];

    public long PipedBytes { get; private set; }

    public async ValueTask SendFileAsync(FileStream file, long offset, long count, CancellationToken cancellationToken)
    {
        var bytes = new byte[count];
        Assert.Equal(count, await RandomAccess.ReadAsync(file.SafeFileHandle, bytes, offset, cancellationToken));
        Sent.Add(bytes);
    }

    public override void Advance(int bytes)
    {
        PipedBytes += bytes;
        _pipe.Writer.Advance(bytes);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _pipe.Writer.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _pipe.Writer.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(default(FlushResult));

    public override void CancelPendingFlush()
    {
    }

    public override void Complete(Exception? exception = null) => _pipe.Writer.Complete(exception);
}
