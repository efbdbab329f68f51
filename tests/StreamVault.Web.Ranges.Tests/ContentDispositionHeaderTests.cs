using StreamVault.Web.Ranges.Http;

namespace StreamVault.Web.Ranges.Tests;

public class ContentDispositionHeaderTests
{
    [Theory]
    [InlineData("movie.mkv", "attachment; filename=\"movie.mkv\"; filename*=UTF-8''movie.mkv")]
    [InlineData("Amélie (2001).mkv", "attachment; filename=\"Am_lie (2001).mkv\"; filename*=UTF-8''Am%C3%A9lie%20%282001%29.mkv")]
    [InlineData("진격의 거인 01.cbz", "attachment; filename=\"___ __ 01.cbz\"; filename*=UTF-8''%EC%A7%84%EA%B2%A9%EC%9D%98%20%EA%B1%B0%EC%9D%B8%2001.cbz")]
    [InlineData("../../etc/passwd", "attachment; filename=\"passwd\"; filename*=UTF-8''passwd")]
    [InlineData("C:\\media\\x.mp4", "attachment; filename=\"x.mp4\"; filename*=UTF-8''x.mp4")]
    [InlineData("a\"b\\c%41.mp4", "attachment; filename=\"c_41.mp4\"; filename*=UTF-8''c%2541.mp4")]
    [InlineData("100% \"real\".srt", "attachment; filename=\"100_ _real_.srt\"; filename*=UTF-8''100%25%20%22real%22.srt")]
    [InlineData(".hidden", "attachment; filename=\"hidden\"; filename*=UTF-8''hidden")]
    [InlineData("..", "attachment; filename=\"download\"; filename*=UTF-8''download")]
    [InlineData("", "attachment; filename=\"download\"; filename*=UTF-8''download")]
    [InlineData(null, "attachment; filename=\"download\"; filename*=UTF-8''download")]
    [InlineData("dir/", "attachment; filename=\"download\"; filename*=UTF-8''download")]
    public void Builds_rfc6266_value(string? name, string expected)
    {
        Assert.Equal(expected, ContentDispositionHeader.Attachment(name));
    }

    [Theory]
    [InlineData("x.mp4\r\nSet-Cookie: a=b")]
    [InlineData("x\u0000y\u007f\u0085.mp4")]
    [InlineData("a\nb\rc\td.mkv")]
    public void Control_characters_never_reach_the_header(string name)
    {
        var value = ContentDispositionHeader.Attachment(name);
        Assert.DoesNotContain(value, char.IsControl);
        // Exactly two quotes: the ones around the fallback.
        Assert.Equal(2, value.Count(c => c == '"'));
    }

    [Fact]
    public void Emoji_is_percent_encoded_as_utf8()
    {
        Assert.EndsWith("filename*=UTF-8''%F0%9F%8E%AC.mp4", ContentDispositionHeader.Attachment("🎬.mp4"), StringComparison.Ordinal);
    }
}
