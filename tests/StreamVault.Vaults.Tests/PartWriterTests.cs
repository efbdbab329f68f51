namespace StreamVault.Vaults.Tests;

public class PartWriterTests
{
    private const int PartSize = 1000;

    private static byte[] Data(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }

    /// <summary>Collects every part the routine hands out, reading it with small buffers as a vault might.</summary>
    private sealed class Collector
    {
        public List<byte[]> Parts { get; } = [];

        public async Task<StoredPart> WriteAsync(int index, Stream part, CancellationToken ct)
        {
            Assert.False(part.CanSeek);
            Assert.False(part.CanWrite);
            using var copy = new MemoryStream();
            await part.CopyToAsync(copy, 333, ct);
            Parts.Add(copy.ToArray());
            return new StoredPart(index, $"p{index}", copy.Length);
        }
    }

    [Theory]
    [InlineData(3 * PartSize, new[] { PartSize, PartSize, PartSize })]
    [InlineData((3 * PartSize) + 1, new[] { PartSize, PartSize, PartSize, 1 })]
    [InlineData(PartSize, new[] { PartSize })]
    [InlineData(PartSize - 1, new[] { PartSize - 1 })]
    [InlineData(1, new[] { 1 })]
    public async Task Parts_are_exactly_the_max_size_and_the_last_is_the_rest(int length, int[] expected)
    {
        var data = Data(length);
        var collector = new Collector();
        ArgumentNullException.ThrowIfNull(expected);
        var reported = new List<long>();

        var parts = await PartWriter.WriteAsync(new MemoryStream(data), PartSize, collector.WriteAsync, new SyncProgress(reported), CancellationToken.None);

        Assert.Equal(expected, collector.Parts.Select(p => p.Length));
        Assert.Equal(expected.Select(e => (long)e), parts.Select(p => p.Length));
        Assert.Equal(Enumerable.Range(0, expected.Length), parts.Select(p => p.Index));
        Assert.Equal(data, collector.Parts.SelectMany(p => p).ToArray());
        Assert.Equal(length, reported[^1]);
        Assert.True(reported.SequenceEqual(reported.Order()), "progress only grows");
    }

    [Fact]
    public async Task An_empty_stream_is_one_empty_part()
    {
        var collector = new Collector();

        var parts = await PartWriter.WriteAsync(new MemoryStream(), PartSize, collector.WriteAsync, null, CancellationToken.None);

        Assert.Equal(0, Assert.Single(parts).Length);
        Assert.Empty(Assert.Single(collector.Parts));
    }

    [Theory]
    [InlineData(2 * PartSize)]
    [InlineData((2 * PartSize) + 17)]
    public async Task Short_reads_of_the_source_do_not_move_the_boundaries(int length)
    {
        var data = Data(length);
        var collector = new Collector();

        await PartWriter.WriteAsync(new TricklingStream(data, maxChunk: 7), PartSize, collector.WriteAsync, null, CancellationToken.None);

        Assert.Equal(length % PartSize == 0 ? [PartSize, PartSize] : new[] { PartSize, PartSize, length % PartSize }, collector.Parts.Select(p => p.Length));
        Assert.Equal(data, collector.Parts.SelectMany(p => p).ToArray());
    }

    [Fact]
    public async Task Cancelling_midway_stops_before_the_next_part()
    {
        using var cts = new CancellationTokenSource();
        var collector = new Collector();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PartWriter.WriteAsync(new MemoryStream(Data(5 * PartSize)), PartSize, async (index, part, ct) =>
        {
            var stored = await collector.WriteAsync(index, part, ct);
            if (index == 1)
            {
                await cts.CancelAsync();
            }

            return stored;
        }, null, cts.Token));

        Assert.Equal(2, collector.Parts.Count);
    }

    [Fact]
    public async Task Cancelling_inside_a_part_reaches_the_source_read()
    {
        using var cts = new CancellationTokenSource();
        var source = new TricklingStream(Data(3 * PartSize), maxChunk: 100) { OnRead = n => { if (n >= 1500) { cts.Cancel(); } } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => PartWriter.WriteAsync(source, PartSize, new Collector().WriteAsync, null, cts.Token));

        Assert.True(source.Position < 3 * PartSize, "the source was not read to its end after cancellation");
    }

    [Fact]
    public async Task A_vault_that_stops_reading_early_is_a_bug_not_a_short_part()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => PartWriter.WriteAsync(new MemoryStream(Data(3 * PartSize)), PartSize, async (index, part, ct) =>
        {
            var half = new byte[PartSize / 2];
            await part.ReadExactlyAsync(half, ct);
            return new StoredPart(index, "p", half.Length);
        }, null, CancellationToken.None));

        Assert.Contains("part 0", e.Message, StringComparison.Ordinal);
    }

    private sealed class SyncProgress(List<long> into) : IProgress<long>
    {
        public void Report(long value) => into.Add(value);
    }

    /// <summary>A source that returns at most <c>maxChunk</c> bytes per read, like a network stream.</summary>
    private sealed class TricklingStream(byte[] data, int maxChunk) : MemoryStream(data, writable: false)
    {
        public Action<long>? OnRead { get; init; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = await base.ReadAsync(buffer[..Math.Min(buffer.Length, maxChunk)], cancellationToken);
            OnRead?.Invoke(Position);
            return read;
        }
    }
}
