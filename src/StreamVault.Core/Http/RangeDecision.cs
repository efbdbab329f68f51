namespace StreamVault.Core.Http;

/// <summary>The kind of response the planner chose.</summary>
public enum RangeResponseKind
{
    /// <summary>200 with the whole representation.</summary>
    Full,

    /// <summary>206 with one range and <c>Content-Range</c>.</summary>
    SinglePart,

    /// <summary>206 <c>multipart/byteranges</c>, one part per range in request order.</summary>
    Multipart,

    /// <summary>304: the client's copy is current.</summary>
    NotModified,

    /// <summary>412: If-Match or If-Unmodified-Since failed.</summary>
    PreconditionFailed,

    /// <summary>416 with <c>Content-Range: bytes */length</c>.</summary>
    RangeNotSatisfiable,
}

/// <summary>
/// What to answer: status, the ranges to send and the header values that follow from them.
/// Multipart framing (boundary, exact Content-Length) is left to <see cref="MultipartByteRanges"/>,
/// because the boundary is chosen per response.
/// </summary>
public sealed class RangeDecision
{
    private RangeDecision(RangeResponseKind kind, long representationLength, ByteRange[] ranges)
    {
        Kind = kind;
        RepresentationLength = representationLength;
        Ranges = ranges;
    }

    public RangeResponseKind Kind { get; }

    /// <summary>Length of the whole representation, as in <c>Content-Range: .../length</c>.</summary>
    public long RepresentationLength { get; }

    /// <summary>The ranges to send: the whole representation for <see cref="RangeResponseKind.Full"/>, empty when no body is sent.</summary>
    public IReadOnlyList<ByteRange> Ranges { get; }

    public int StatusCode => Kind switch
    {
        RangeResponseKind.Full => 200,
        RangeResponseKind.SinglePart or RangeResponseKind.Multipart => 206,
        RangeResponseKind.NotModified => 304,
        RangeResponseKind.PreconditionFailed => 412,
        _ => 416,
    };

    /// <summary>The <c>Content-Range</c> value for 206 single-part and 416, else null.</summary>
    public string? ContentRange => Kind switch
    {
        RangeResponseKind.SinglePart => Ranges[0].ToContentRange(RepresentationLength),
        RangeResponseKind.RangeNotSatisfiable => $"bytes */{RepresentationLength}",
        _ => null,
    };

    /// <summary>
    /// Body length for 200/206 single-part (0 for 412/416, null for 304 which has no Content-Length and
    /// for multipart, whose length depends on the boundary).
    /// </summary>
    public long? ContentLength => Kind switch
    {
        RangeResponseKind.Full or RangeResponseKind.SinglePart => Ranges.Count == 0 ? 0 : Ranges[0].Length,
        RangeResponseKind.PreconditionFailed or RangeResponseKind.RangeNotSatisfiable => 0,
        _ => null,
    };

    /// <summary>Whether the representation headers (Content-Type, ETag, Last-Modified, Accept-Ranges) describe the body sent.</summary>
    public bool SendsRepresentation => Kind is RangeResponseKind.Full or RangeResponseKind.SinglePart or RangeResponseKind.Multipart;

    /// <summary>Whether ETag and Last-Modified belong in the response (RFC 9110 §15.4.5: a 304 repeats them).</summary>
    public bool SendsValidators => SendsRepresentation || Kind == RangeResponseKind.NotModified;

    internal static RangeDecision Full(long length) =>
        new(RangeResponseKind.Full, length, length == 0 ? [] : [new ByteRange(0, length)]);

    internal static RangeDecision Partial(long length, ByteRange[] ranges) =>
        new(ranges.Length == 1 ? RangeResponseKind.SinglePart : RangeResponseKind.Multipart, length, ranges);

    internal static RangeDecision Without(RangeResponseKind kind, long length) => new(kind, length, []);
}
