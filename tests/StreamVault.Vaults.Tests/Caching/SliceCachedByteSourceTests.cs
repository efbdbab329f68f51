using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Local;
using StreamVault.Vaults.Simulated;

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
}
