using StreamVault.Web.Ranges.Http;

namespace StreamVault.Web.Ranges.Tests;

public class MediaContentTypesTests
{
    [Theory]
    [InlineData("a.mkv", "video/x-matroska")]
    [InlineData("a.MP4", "video/mp4")]
    [InlineData("a.m4v", "video/mp4")]
    [InlineData("a.webm", "video/webm")]
    [InlineData("a.avi", "video/x-msvideo")]
    [InlineData("a.mov", "video/quicktime")]
    [InlineData("a.ts", "video/mp2t")]
    [InlineData("a.srt", "application/x-subrip")]
    [InlineData("a.vtt", "text/vtt")]
    [InlineData("a.zip", "application/zip")]
    [InlineData("a.cbz", "application/vnd.comicbook+zip")]
    [InlineData("/x/y/Show.S01E01.1080p.mkv", "video/x-matroska")]
    [InlineData("a.unknown", "application/octet-stream")]
    [InlineData("noext", "application/octet-stream")]
    [InlineData("trailingdot.", "application/octet-stream")]
    [InlineData(null, "application/octet-stream")]
    public void By_file_name(string? name, string expected)
    {
        Assert.Equal(expected, MediaContentTypes.ForFileName(name));
    }

    [Fact]
    public void By_extension_with_or_without_dot()
    {
        Assert.True(MediaContentTypes.TryGetForExtension(".MKV", out var a));
        Assert.True(MediaContentTypes.TryGetForExtension("mkv", out var b));
        Assert.Equal("video/x-matroska", a);
        Assert.Equal(a, b);
        Assert.False(MediaContentTypes.TryGetForExtension("exe", out var c));
        Assert.Equal(MediaContentTypes.Fallback, c);
    }
}
