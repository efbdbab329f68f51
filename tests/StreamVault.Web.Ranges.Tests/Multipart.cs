using System.Globalization;
using System.Text;

namespace StreamVault.Web.Ranges.Tests;

/// <summary>One part of a multipart/byteranges body.</summary>
internal sealed record BodyPart(string ContentType, string ContentRange, byte[] Data)
{
    public bool SameAs(BodyPart other) => ContentType == other.ContentType && ContentRange == other.ContentRange && Data.AsSpan().SequenceEqual(other.Data);

    public override string ToString() => $"{ContentType} {ContentRange} ({Data.Length} bytes)";
}

/// <summary>A strict multipart/byteranges reader: it uses each part's Content-Range to know the data length, so binary data cannot confuse it.</summary>
internal static class Multipart
{
    public static string Boundary(string contentType)
    {
        const string marker = "boundary=";
        var at = contentType.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(contentType.StartsWith("multipart/byteranges;", StringComparison.Ordinal) && at > 0, $"not multipart/byteranges: {contentType}");
        return contentType[(at + marker.Length)..].Trim('"');
    }

    public static List<BodyPart> Parse(byte[] body, string boundary)
    {
        var parts = new List<BodyPart>();
        var pos = 0;
        var delimiter = $"\r\n--{boundary}";
        while (true)
        {
            Expect(body, ref pos, delimiter);
            if (TryExpect(body, ref pos, "--\r\n"))
            {
                Assert.Equal(body.Length, pos);
                return parts;
            }

            Expect(body, ref pos, "\r\n");
            string? type = null, range = null;
            while (!TryExpect(body, ref pos, "\r\n"))
            {
                var line = ReadLine(body, ref pos);
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var name = line[..colon];
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    type = value;
                }
                else if (name.Equals("Content-Range", StringComparison.OrdinalIgnoreCase))
                {
                    range = value;
                }
            }

            Assert.NotNull(type);
            Assert.NotNull(range);
            var (start, end) = ParseContentRange(range);
            var length = checked((int)(end - start + 1));
            parts.Add(new BodyPart(type, range, body[pos..(pos + length)]));
            pos += length;
        }
    }

    public static (long Start, long End) ParseContentRange(string value)
    {
        Assert.StartsWith("bytes ", value, StringComparison.Ordinal);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        return (long.Parse(value[6..dash], CultureInfo.InvariantCulture), long.Parse(value[(dash + 1)..slash], CultureInfo.InvariantCulture));
    }

    private static string ReadLine(byte[] body, ref int pos)
    {
        var end = body.AsSpan(pos).IndexOf("\r\n"u8);
        Assert.True(end >= 0, "unterminated part header");
        var line = Encoding.ASCII.GetString(body, pos, end);
        pos += end + 2;
        return line;
    }

    private static void Expect(byte[] body, ref int pos, string text) =>
        Assert.True(TryExpect(body, ref pos, text), $"expected '{text.ReplaceLineEndings("\\r\\n")}' at {pos}");

    private static bool TryExpect(byte[] body, ref int pos, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        if (body.AsSpan(pos).StartsWith(bytes))
        {
            pos += bytes.Length;
            return true;
        }

        return false;
    }
}
