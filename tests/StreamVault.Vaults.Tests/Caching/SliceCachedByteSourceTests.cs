using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Local;

namespace StreamVault.Vaults.Tests.Caching;

public sealed class SliceCachedByteSourceTests
{
    [Fact]
    public void Random_ranges_across_parts_are_byte_exact_and_a_second_pass_hits_the_cache()
    {
        using var bed = new TestBed();
        var content = TestBed.RandomBytes((7 * SliceMath.SliceSize) + 4321, 21); // parts of 3 MiB: 3 parts, short tail
        var media = bed.Put(1, content);
        var random = new Random(5);
        var ranges = Enumerable.Range(0, 40).Select(_ =>
        {
            var offset = random.NextInt64(content.Length);
            return (Offset: offset, Count: random.NextInt64(content.Length - offset + 1));
        }).Append((0, content.Length)).Append((content.Length - 1, 1)).ToList();

        bed.Loop.Run(async () =>
        {
            foreach (var (offset, count) in ranges)
            {
                Assert.Equal(content.AsSpan((int)offset, (int)count).ToArray(), await bed.ReadAsync(media, offset, count));
            }
        });
        var requests = bed.Server.Counters.Requests;
        bed.Loop.Run(async () =>
        {
            foreach (var (offset, count) in ranges)
            {
                Assert.Equal(content.AsSpan((int)offset, (int)count).ToArray(), await bed.ReadAsync(media, offset, count));
            }
        });

        Assert.Equal(SliceMath.SliceCount(content.Length), requests);
        Assert.Equal(requests, bed.Server.Counters.Requests);
        Assert.True(bed.Counters.Hits > 0);
        Assert.Equal(0, bed.Server.Counters.ProtocolViolations);
    }

    [Fact]
    public void A_range_past_the_end_is_rejected()
    {
        using var bed = new TestBed();
        var media = bed.Put(1, new byte[100]);

        Assert.Throws<ArgumentOutOfRangeException>(() => bed.Loop.Run(() => bed.ReadAsync(media, 50, 51)));
    }

    [Fact]
    public async Task Media_with_a_local_replica_keep_the_direct_path()
    {
        var root = Path.Combine(Path.GetTempPath(), "sv-local-" + Guid.NewGuid().ToString("N"));
        try
        {
            var local = new LocalFolderVault(new LocalFolderVaultOptions(root));
            using var bed = new TestBed(extraVault: _ => local);
            var content = TestBed.RandomBytes(3 * SliceMath.SliceSize, 3);
            var stored = await local.WriteAsync("m5", new MemoryStream(content), null, default);
            var media = new MediaObject(5, 1, content.Length, [new MediaReplica(stored.VaultId, stored.Parts)]);

            Assert.Equal(content, await bed.ReadAsync(media, 0, content.Length));
            Assert.Equal(0, bed.Counters.Misses + bed.Counters.Hits);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_purge_makes_the_next_read_go_to_the_backend_again()
    {
        using var bed = new TestBed();
        var content = TestBed.RandomBytes(2 * SliceMath.SliceSize, 4);
        var media = bed.Put(6, content);

        bed.Loop.Run(async () =>
        {
            await bed.ReadAsync(media, 0, content.Length);
            await bed.Source.PurgeAsync(6, default);
        });

        Assert.Equal(0, bed.Source.Stats.SlicesStored);
        Assert.Equal(content, bed.Loop.Run(() => bed.ReadAsync(media, 0, content.Length)));
        Assert.Equal(4, bed.Server.Counters.Requests);
    }

    [Fact]
    public void Fetched_and_stored_slices_leave_in_small_writes()
    {
        using var folder = new TempFolder();
        var options = new SliceCacheOptions { Root = folder.Path, CapacityBytes = 16L * SliceMath.SliceSize, FlushToDisk = false };
        using var bed = new TestBed(cache: options, store: new DiskSliceStore(options, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
        var content = TestBed.RandomBytes((3 * SliceMath.SliceSize) + 999, 8);
        var media = bed.Put(2, content);

        foreach (var pass in new[] { "fetched", "stored" })
        {
            var destination = new WriteRecorder();
            bed.Loop.Run(async () =>
            {
                await TestBed.CopyAsync(bed.Source, media, 0, content.Length, destination);
                await StoredAsync(bed, 4);
            });

            Assert.Equal(content, destination.ToArray());
            // The response pipe buffers what one flush hands it: whole slices would pin 1 MiB per slow viewer.
            Assert.True(destination.LargestWrite <= 16 * 1024, $"{pass}: a write of {destination.LargestWrite} bytes");
        }

        Assert.Equal(SliceMath.SliceCount(content.Length), bed.Server.Counters.Requests);
    }

    [Fact]
    public void A_stored_slice_damaged_on_disk_is_fetched_again_and_the_answer_stays_exact()
    {
        using var folder = new TempFolder();
        var options = new SliceCacheOptions { Root = folder.Path, CapacityBytes = 16L * SliceMath.SliceSize, FlushToDisk = false };
        using var bed = new TestBed(cache: options, store: new DiskSliceStore(options, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
        var content = TestBed.RandomBytes(3 * SliceMath.SliceSize, 9);
        var media = bed.Put(3, content);
        bed.Loop.Run(async () =>
        {
            await bed.ReadAsync(media, 0, content.Length);
            await StoredAsync(bed, 3);
        });
        var sliceFile = Directory.GetFiles(folder.Path, "1.slice", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(sliceFile);
        bytes[DiskSliceStore.HeaderSize + 5000] ^= 0x01;
        File.WriteAllBytes(sliceFile, bytes);
        File.SetLastWriteTimeUtc(sliceFile, DateTime.UtcNow.AddMinutes(1));

        Assert.Equal(content, bed.Loop.Run(() => bed.ReadAsync(media, 0, content.Length)));
        Assert.Equal(4, bed.Server.Counters.Requests);
    }

    /// <summary>Slices reach the disk store after their readers got the bytes; the test waits for the files.</summary>
    private static async Task StoredAsync(TestBed bed, int slices)
    {
        // Waited for off the loop, in real time: the writes are real file I/O whose continuations the loop runs.
        await Task.Run(() => SpinWait.SpinUntil(() => bed.Store.Count >= slices, TimeSpan.FromSeconds(10)));
        Assert.Equal(slices, bed.Store.Count);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("sv-slices-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private sealed class WriteRecorder : MemoryStream
    {
        public int LargestWrite { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
