using StreamVault.Core.Http;

namespace StreamVault.Core.Tests.Http;

public class RangePlannerTests
{
    private const string Tag = "\"5f1e-3e8\"";
    private const string Modified = "Tue, 07 May 2024 08:09:10 GMT";
    private const string Earlier = "Mon, 06 May 2024 08:09:10 GMT";
    private const string Later = "Wed, 08 May 2024 08:09:10 GMT";

    // Sub-second part on purpose: comparisons must use whole seconds.
    private static readonly RepresentationInfo File = new(1000, Tag, new DateTimeOffset(2024, 5, 7, 8, 9, 10, 450, TimeSpan.Zero));

    private static RangeDecision Decide(RangeRequestHeaders headers, RepresentationInfo? representation = null) =>
        RangePlanner.Decide(headers with { IsGetOrHead = true }, representation ?? File);

    [Fact]
    public void No_headers_is_200_with_whole_body()
    {
        var d = Decide(new());
        Assert.Equal(200, d.StatusCode);
        Assert.Equal(RangeResponseKind.Full, d.Kind);
        Assert.Equal([new ByteRange(0, 1000)], d.Ranges);
        Assert.Equal(1000, d.ContentLength);
        Assert.Null(d.ContentRange);
        Assert.True(d.SendsRepresentation);
    }

    [Fact]
    public void Empty_representation_is_200_with_nothing_to_send()
    {
        var d = Decide(new() { Range = "bytes=0-" }, new RepresentationInfo(0, Tag, null));
        Assert.Equal(200, d.StatusCode);
        Assert.Empty(d.Ranges);
        Assert.Equal(0, d.ContentLength);
    }

    [Fact]
    public void Single_range_is_206_with_content_range()
    {
        var d = Decide(new() { Range = "bytes=10-19" });
        Assert.Equal(206, d.StatusCode);
        Assert.Equal(RangeResponseKind.SinglePart, d.Kind);
        Assert.Equal("bytes 10-19/1000", d.ContentRange);
        Assert.Equal(10, d.ContentLength);
    }

    [Fact]
    public void Several_ranges_are_multipart_with_length_left_to_the_layout()
    {
        var d = Decide(new() { Range = "bytes=0-0,-1" });
        Assert.Equal(206, d.StatusCode);
        Assert.Equal(RangeResponseKind.Multipart, d.Kind);
        Assert.Null(d.ContentLength);
        Assert.Null(d.ContentRange);
        Assert.Equal([new(0, 1), new(999, 1)], d.Ranges);
    }

    [Fact]
    public void Unsatisfiable_is_416_with_star_content_range()
    {
        var d = Decide(new() { Range = "bytes=1000-" });
        Assert.Equal(416, d.StatusCode);
        Assert.Equal("bytes */1000", d.ContentRange);
        Assert.Equal(0, d.ContentLength);
        Assert.False(d.SendsValidators);
    }

    [Fact]
    public void Range_on_other_methods_is_ignored()
    {
        var d = RangePlanner.Decide(new RangeRequestHeaders { IsGetOrHead = false, Range = "bytes=0-0" }, File);
        Assert.Equal(200, d.StatusCode);
    }

    [Theory]
    [InlineData(Tag, 206)]
    [InlineData("\"other\"", 200)]
    [InlineData("W/\"5f1e-3e8\"", 200)]          // If-Range needs a strong match
    [InlineData(Modified, 206)]                  // exact date
    [InlineData(Earlier, 200)]
    [InlineData(Later, 200)]                     // exact match only, unlike If-Unmodified-Since
    [InlineData("not a date", 200)]
    public void If_range(string ifRange, int status)
    {
        Assert.Equal(status, Decide(new() { Range = "bytes=0-9", IfRange = ifRange }).StatusCode);
    }

    [Fact]
    public void Failed_if_range_ignores_even_a_malformed_range()
    {
        Assert.Equal(200, Decide(new() { Range = "bytes=abc", IfRange = "\"other\"" }).StatusCode);
    }

    [Fact]
    public void If_range_with_weak_current_etag_never_holds()
    {
        var weak = File with { ETag = "W/\"w\"" };
        Assert.Equal(200, Decide(new() { Range = "bytes=0-9", IfRange = "W/\"w\"" }, weak).StatusCode);
    }

    [Theory]
    [InlineData(Tag, 304)]
    [InlineData("W/\"5f1e-3e8\"", 304)]
    [InlineData("\"a\", " + Tag, 304)]
    [InlineData("*", 304)]
    [InlineData("\"other\"", 200)]
    public void If_none_match(string value, int status)
    {
        var d = Decide(new() { IfNoneMatch = value });
        Assert.Equal(status, d.StatusCode);
        if (status == 304)
        {
            Assert.True(d.SendsValidators);
            Assert.False(d.SendsRepresentation);
            Assert.Null(d.ContentLength);
            Assert.Empty(d.Ranges);
        }
    }

    [Theory]
    [InlineData(Modified, 304)]
    [InlineData(Later, 304)]
    [InlineData(Earlier, 200)]
    [InlineData("garbage", 200)]
    public void If_modified_since(string value, int status)
    {
        Assert.Equal(status, Decide(new() { IfModifiedSince = value }).StatusCode);
    }

    [Fact]
    public void If_modified_since_without_last_modified_is_ignored()
    {
        Assert.Equal(200, Decide(new() { IfModifiedSince = Later }, File with { LastModified = null }).StatusCode);
    }

    [Fact]
    public void If_none_match_takes_precedence_over_if_modified_since()
    {
        // RFC 9110 §13.1.3: IMS is ignored when INM is present (nginx would say 200 to the first one).
        Assert.Equal(304, Decide(new() { IfNoneMatch = Tag, IfModifiedSince = Earlier }).StatusCode);
        Assert.Equal(200, Decide(new() { IfNoneMatch = "\"other\"", IfModifiedSince = Later }).StatusCode);
    }

    [Fact]
    public void Not_modified_comes_before_range()
    {
        Assert.Equal(304, Decide(new() { IfNoneMatch = Tag, Range = "bytes=0-0" }).StatusCode);
        Assert.Equal(304, Decide(new() { IfNoneMatch = Tag, Range = "bytes=5000-" }).StatusCode);
    }

    [Fact]
    public void If_none_match_on_other_methods_is_not_304()
    {
        var d = RangePlanner.Decide(new RangeRequestHeaders { IsGetOrHead = false, IfNoneMatch = Tag }, File);
        Assert.Equal(200, d.StatusCode);
    }

    [Theory]
    [InlineData(Tag, 200)]
    [InlineData("*", 200)]
    [InlineData("\"a\", " + Tag, 200)]
    [InlineData("W/\"5f1e-3e8\"", 412)]         // strong comparison
    [InlineData("\"other\"", 412)]
    public void If_match(string value, int status)
    {
        Assert.Equal(status, Decide(new() { IfMatch = value }).StatusCode);
    }

    [Fact]
    public void If_match_without_etag_fails_unless_star()
    {
        var noTag = File with { ETag = null };
        Assert.Equal(412, Decide(new() { IfMatch = "\"x\"" }, noTag).StatusCode);
        Assert.Equal(200, Decide(new() { IfMatch = "*" }, noTag).StatusCode);
    }

    [Theory]
    [InlineData(Modified, 200)]
    [InlineData(Later, 200)]
    [InlineData(Earlier, 412)]
    [InlineData("garbage", 200)]
    public void If_unmodified_since(string value, int status)
    {
        Assert.Equal(status, Decide(new() { IfUnmodifiedSince = value }).StatusCode);
    }

    [Fact]
    public void If_match_takes_precedence_over_if_unmodified_since()
    {
        Assert.Equal(200, Decide(new() { IfMatch = Tag, IfUnmodifiedSince = Earlier }).StatusCode);
    }

    [Fact]
    public void Precondition_failure_comes_before_not_modified_and_range()
    {
        var d = Decide(new() { IfMatch = "\"other\"", IfNoneMatch = Tag, Range = "bytes=0-0" });
        Assert.Equal(412, d.StatusCode);
        Assert.Equal(0, d.ContentLength);
        Assert.Null(d.ContentRange);
    }

    [Fact]
    public void Passing_preconditions_still_honour_range()
    {
        var d = Decide(new() { IfMatch = Tag, IfUnmodifiedSince = Later, Range = "bytes=-10" });
        Assert.Equal(206, d.StatusCode);
        Assert.Equal("bytes 990-999/1000", d.ContentRange);
    }

    [Fact]
    public void Range_limit_is_passed_through()
    {
        var d = RangePlanner.Decide(new RangeRequestHeaders { IsGetOrHead = true, Range = "bytes=0-0,2-2,4-4" }, File, maxRanges: 2);
        Assert.Equal(200, d.StatusCode);
    }
}
