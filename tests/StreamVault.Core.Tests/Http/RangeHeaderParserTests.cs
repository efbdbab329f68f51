using StreamVault.Core.Http;

namespace StreamVault.Core.Tests.Http;

public class RangeHeaderParserTests
{
    private const long Size = 1000;

    private static (RangeParseOutcome Outcome, ByteRange[] Ranges) Parse(string header, long length = Size, int maxRanges = RangeHeaderParser.Unlimited)
    {
        var outcome = RangeHeaderParser.Parse(header, length, out var ranges, maxRanges);
        return (outcome, ranges);
    }

    [Theory]
    [InlineData("bytes=0-0", 0, 1)]
    [InlineData("bytes=0-499", 0, 500)]
    [InlineData("bytes=500-", 500, 500)]
    [InlineData("bytes=-500", 500, 500)]
    [InlineData("bytes=-1", 999, 1)]
    [InlineData("bytes=-5000", 0, 1000)]
    [InlineData("bytes=0-", 0, 1000)]
    [InlineData("bytes=999-999", 999, 1)]
    [InlineData("bytes=900-5000", 900, 100)]
    [InlineData("bytes=0-9223372036854775807", 0, 1000)]
    [InlineData("BYTES=1-2", 1, 2)]
    [InlineData("Bytes=1-2", 1, 2)]
    [InlineData("bytes= 0-0", 0, 1)]
    [InlineData("bytes=1 - 2", 1, 2)]
    [InlineData("bytes=  10  -  ", 10, 990)]
    [InlineData("  bytes=3-4  ", 3, 2)]
    public void Single_range_is_satisfiable(string header, long start, long length)
    {
        var (outcome, ranges) = Parse(header);
        Assert.Equal(RangeParseOutcome.Satisfiable, outcome);
        Assert.Equal([new ByteRange(start, length)], ranges);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bytes=")]
    [InlineData("items=0-1")]
    [InlineData("bytes 0-1")]
    [InlineData("byte=0-1")]
    public void No_byte_range_request_means_none(string? header)
    {
        Assert.Equal(RangeParseOutcome.None, Parse(header ?? "").Outcome);
    }

    [Theory]
    [InlineData("bytes=abc")]
    [InlineData("bytes=5-1")]
    [InlineData("bytes=-0")]
    [InlineData("bytes=1000-")]
    [InlineData("bytes=1000-2000")]
    [InlineData("bytes=9223372036854775807-")]
    [InlineData("bytes=99999999999999999999-")]
    [InlineData("bytes=0-99999999999999999999")]
    [InlineData("bytes=-99999999999999999999")]
    [InlineData("bytes=0-1,")]
    [InlineData("bytes=0-1,abc")]
    [InlineData("bytes=0-1;2-3")]
    [InlineData("bytes=\t0-1")]
    [InlineData("bytes=0--1")]
    [InlineData("bytes=1-2-3")]
    [InlineData("bytes=--1")]
    [InlineData("bytes=,0-1")]
    [InlineData("bytes=0x10-20")]
    [InlineData("bytes=- 5")]                  // nginx allows no space right after a suffix dash
    [InlineData("bytes=2000-3000,5-1")]
    public void Malformed_or_unsatisfiable_is_416(string header)
    {
        var (outcome, ranges) = Parse(header);
        Assert.Equal(RangeParseOutcome.NotSatisfiable, outcome);
        Assert.Empty(ranges);
    }

    [Fact]
    public void Multiple_ranges_keep_request_order_and_are_not_coalesced()
    {
        var (outcome, ranges) = Parse("bytes=500-599, 0-99,50-149");
        Assert.Equal(RangeParseOutcome.Satisfiable, outcome);
        Assert.Equal([new(500, 100), new(0, 100), new(50, 100)], ranges);
    }

    [Fact]
    public void Unsatisfiable_members_are_dropped_when_one_is_left()
    {
        var (outcome, ranges) = Parse("bytes=5000-6000,0-9,5-1");
        Assert.Equal(RangeParseOutcome.Satisfiable, outcome);
        Assert.Equal([new ByteRange(0, 10)], ranges);
    }

    [Theory]
    [InlineData("bytes=0-999,0-0")]             // total 1001 > 1000
    [InlineData("bytes=0-,0-")]
    [InlineData("bytes=-600,0-500")]
    public void Ranges_adding_up_beyond_the_length_serve_the_whole(string header)
    {
        Assert.Equal(RangeParseOutcome.ServeFull, Parse(header).Outcome);
    }

    [Fact]
    public void Overlapping_ranges_within_the_length_are_kept()
    {
        var (outcome, ranges) = Parse("bytes=0-499,0-499");
        Assert.Equal(RangeParseOutcome.Satisfiable, outcome);
        Assert.Equal(2, ranges.Length);
    }

    [Fact]
    public void More_ranges_than_the_limit_serve_the_whole()
    {
        Assert.Equal(RangeParseOutcome.Satisfiable, Parse("bytes=0-0,2-2,4-4", maxRanges: 3).Outcome);
        Assert.Equal(RangeParseOutcome.ServeFull, Parse("bytes=0-0,2-2,4-4,6-6", maxRanges: 3).Outcome);
    }

    [Fact]
    public void Many_ranges_are_all_returned()
    {
        var header = "bytes=" + string.Join(',', Enumerable.Range(0, 300).Select(i => $"{i * 3}-{i * 3}"));
        var (outcome, ranges) = Parse(header);
        Assert.Equal(RangeParseOutcome.Satisfiable, outcome);
        Assert.Equal(300, ranges.Length);
        Assert.Equal(new ByteRange(897, 1), ranges[^1]);
    }

    [Theory]
    [InlineData("bytes=0-")]
    [InlineData("bytes=0-0")]
    [InlineData("bytes=-5")]
    [InlineData("bytes=-0")]
    [InlineData("bytes=0-5,abc")]            // nginx returns before it reads the bad member
    public void Empty_representation_with_range_from_zero_is_served_whole(string header)
    {
        Assert.Equal(RangeParseOutcome.ServeFull, Parse(header, length: 0).Outcome);
    }

    [Theory]
    [InlineData("bytes=1-")]
    [InlineData("bytes=5-10")]
    [InlineData("bytes=abc")]
    public void Empty_representation_otherwise_is_416(string header)
    {
        Assert.Equal(RangeParseOutcome.NotSatisfiable, Parse(header, length: 0).Outcome);
    }

    [Fact]
    public void Sum_overflow_is_416()
    {
        var big = long.MaxValue;
        Assert.Equal(RangeParseOutcome.NotSatisfiable, Parse($"bytes=0-,0-", length: big).Outcome);
    }

    [Fact]
    public void Content_range_is_inclusive()
    {
        Assert.Equal("bytes 10-19/1000", new ByteRange(10, 10).ToContentRange(1000));
    }
}
