using System.Text;

namespace StreamVault.Core.Http;

/// <summary>
/// The exact byte layout of a <c>multipart/byteranges</c> body (RFC 9110 §14.6), framed as nginx frames it:
/// each part is <c>CRLF "--" boundary CRLF "Content-Type: " type CRLF "Content-Range: bytes a-b/len" CRLF CRLF data</c>,
/// and the body ends with <c>CRLF "--" boundary "--" CRLF</c>. With a boundary of nginx's length (20 characters)
/// the Content-Length equals nginx's to the byte.
/// </summary>
public sealed class MultipartByteRanges
{
    /// <summary>nginx prints its boundary as a 20-digit number; we keep the same length.</summary>
    public const int BoundaryLength = 20;

    private readonly byte[][] _partHeaders;

    public MultipartByteRanges(IReadOnlyList<ByteRange> ranges, long representationLength, string contentType, string boundary)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentException.ThrowIfNullOrEmpty(boundary);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        if (contentType.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("Content type must not contain CR or LF.", nameof(contentType));
        }

        Ranges = ranges;
        Boundary = boundary;
        ContentType = $"multipart/byteranges; boundary={boundary}";
        _partHeaders = new byte[ranges.Count][];
        Trailer = Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n");

        long length = Trailer.Length;
        for (var i = 0; i < ranges.Count; i++)
        {
            var range = ranges[i];
            _partHeaders[i] = Encoding.ASCII.GetBytes(
                $"\r\n--{boundary}\r\nContent-Type: {contentType}\r\nContent-Range: {range.ToContentRange(representationLength)}\r\n\r\n");
            length += _partHeaders[i].Length + range.Length;
        }

        ContentLength = length;
    }

    public IReadOnlyList<ByteRange> Ranges { get; }

    public string Boundary { get; }

    /// <summary>The response <c>Content-Type</c>: <c>multipart/byteranges; boundary=...</c>.</summary>
    public string ContentType { get; }

    /// <summary>The exact body length, known before the first byte is written.</summary>
    public long ContentLength { get; }

    /// <summary>The closing delimiter written after the last part.</summary>
    public ReadOnlyMemory<byte> Trailer { get; }

    /// <summary>The delimiter and part headers written before the data of part <paramref name="index"/>.</summary>
    public ReadOnlyMemory<byte> PartHeader(int index) => _partHeaders[index];

    /// <summary>A fresh boundary of <see cref="BoundaryLength"/> hex digits (random, so it cannot occur in the data by design of an attacker).</summary>
    public static string NewBoundary() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(BoundaryLength / 2));
}
