using System.Text;
using StreamVault.Core.Http;

namespace StreamVault.Core.Tests.Http;

public class MultipartByteRangesTests
{
    [Fact]
    public void Layout_matches_nginx_framing_and_length()
    {
        var boundary = "00000000000000000001";
        var layout = new MultipartByteRanges([new(0, 2), new(5, 3)], 10, "video/mp4", boundary);

        var body = new StringBuilder();
        body.Append(Encoding.ASCII.GetString(layout.PartHeader(0).Span)).Append("ab");
        body.Append(Encoding.ASCII.GetString(layout.PartHeader(1).Span)).Append("fgh");
        body.Append(Encoding.ASCII.GetString(layout.Trailer.Span));

        var expected =
            "\r\n--00000000000000000001\r\nContent-Type: video/mp4\r\nContent-Range: bytes 0-1/10\r\n\r\nab" +
            "\r\n--00000000000000000001\r\nContent-Type: video/mp4\r\nContent-Range: bytes 5-7/10\r\n\r\nfgh" +
            "\r\n--00000000000000000001--\r\n";
        Assert.Equal(expected, body.ToString());
        Assert.Equal(expected.Length, layout.ContentLength);
        Assert.Equal("multipart/byteranges; boundary=00000000000000000001", layout.ContentType);
    }

    [Fact]
    public void New_boundary_has_nginx_length_and_varies()
    {
        var a = MultipartByteRanges.NewBoundary();
        Assert.Equal(MultipartByteRanges.BoundaryLength, a.Length);
        Assert.All(a, c => Assert.True(char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)));
        Assert.NotEqual(a, MultipartByteRanges.NewBoundary());
    }

    [Fact]
    public void Rejects_header_injection_in_content_type()
    {
        Assert.Throws<ArgumentException>(() => new MultipartByteRanges([new(0, 1)], 1, "video/mp4\r\nX: y", "b"));
    }
}
