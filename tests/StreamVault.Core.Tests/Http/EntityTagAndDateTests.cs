using StreamVault.Core.Http;

namespace StreamVault.Core.Tests.Http;

public class EntityTagTests
{
    [Theory]
    [InlineData("\"a\"", "\"a\"", true, true)]
    [InlineData("W/\"a\"", "\"a\"", false, true)]
    [InlineData("W/\"a\"", "W/\"a\"", false, true)]
    [InlineData("\"a\"", "\"b\"", false, false)]
    [InlineData("\"a\"", "\"A\"", false, false)]
    public void Strong_and_weak_comparison(string a, string b, bool strong, bool weak)
    {
        Assert.Equal(strong, EntityTag.StrongEquals(a, b));
        Assert.Equal(weak, EntityTag.WeakEquals(a, b));
    }

    [Theory]
    [InlineData("*", null, true)]
    [InlineData("*", "\"x\"", true)]
    [InlineData("\"x\"", null, false)]
    [InlineData("\"x\"", "\"x\"", true)]
    [InlineData("\"a\", \"x\"", "\"x\"", true)]
    [InlineData("\"a\",\"b\"", "\"x\"", false)]
    [InlineData("W/\"x\"", "\"x\"", true)]
    [InlineData("\"a,b\", \"x\"", "\"x\"", true)]
    [InlineData("\"a,\"x\"", "\"x\"", false)]
    [InlineData("garbage, \"x\"", "\"x\"", true)]
    [InlineData("  ,, \"x\" ,", "\"x\"", true)]
    [InlineData("x", "\"x\"", false)]
    public void Weak_list_match(string list, string? current, bool expected)
    {
        Assert.Equal(expected, EntityTag.ListMatches(list, current, weakComparison: true));
    }

    [Theory]
    [InlineData("W/\"x\"", "\"x\"", false)]
    [InlineData("\"x\"", "W/\"x\"", false)]
    [InlineData("W/\"y\", \"x\"", "\"x\"", true)]
    public void Strong_list_match(string list, string current, bool expected)
    {
        Assert.Equal(expected, EntityTag.ListMatches(list, current, weakComparison: false));
    }
}

public class HttpDateTests
{
    private static readonly DateTimeOffset Expected = new(1994, 11, 6, 8, 49, 37, TimeSpan.Zero);

    [Theory]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT")]
    [InlineData("Sunday, 06-Nov-94 08:49:37 GMT")]
    [InlineData("Sun Nov  6 08:49:37 1994")]
    [InlineData("  Sun, 06 Nov 1994 08:49:37 GMT ")]
    public void Parses_all_three_forms(string value)
    {
        Assert.True(HttpDate.TryParse(value, out var date));
        Assert.Equal(Expected, date);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("Sun, 06 Nov 1994 08:49:37")]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT extra")]
    [InlineData("1994-11-06T08:49:37Z")]
    public void Rejects_anything_else(string value)
    {
        Assert.False(HttpDate.TryParse(value, out _));
    }

    [Fact]
    public void Formats_imf_fixdate()
    {
        Assert.Equal("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.Format(Expected.AddMilliseconds(900).ToOffset(TimeSpan.FromHours(3))));
    }

    [Fact]
    public void Truncates_to_seconds()
    {
        Assert.Equal(Expected, HttpDate.TruncateToSeconds(Expected.AddMilliseconds(999)));
    }
}

public class FileEntityTagTests
{
    [Fact]
    public void Matches_nginx_format_hex_mtime_dash_hex_size()
    {
        // 2024-05-07T08:09:10Z = 1715069350 = 0x6639e1a6; 3 MiB + 17 = 0x300011
        var mtime = new DateTimeOffset(2024, 5, 7, 8, 9, 10, 999, TimeSpan.Zero);
        Assert.Equal("\"6639e1a6-300011\"", EntityTag.ForFile(mtime, (3 * 1024 * 1024) + 17));
        Assert.Equal("\"6639e1a6-0\"", EntityTag.ForFile(mtime, 0));
    }
}
