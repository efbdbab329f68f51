namespace StreamVault.Core.Http;

/// <summary>A satisfiable byte range of a representation: <see cref="Length"/> bytes from <see cref="Start"/>.</summary>
public readonly record struct ByteRange(long Start, long Length)
{
    /// <summary>Last byte position, inclusive, as written in <c>Content-Range</c>.</summary>
    public long End => Start + Length - 1;

    /// <summary>The <c>Content-Range</c> value for this range of a representation of <paramref name="totalLength"/> bytes.</summary>
    public string ToContentRange(long totalLength) => $"bytes {Start}-{End}/{totalLength}";
}
