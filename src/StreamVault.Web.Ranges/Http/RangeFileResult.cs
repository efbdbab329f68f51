using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using StreamVault.Core.Http;

namespace StreamVault.Web.Ranges.Http;

/// <summary>
/// A minimal-API result that serves a representation with exact HTTP range semantics (200/206/304/412/416,
/// multipart/byteranges), e.g. <c>return RangeFileResult.PhysicalFile(path, RangeFileRepresentation.ForFile(path));</c>.
/// </summary>
public sealed class RangeFileResult(RangeFileRepresentation representation, RangeBody body) : IResult
{
    public RangeFileRepresentation Representation { get; } = representation ?? throw new ArgumentNullException(nameof(representation));

    public RangeBody Body { get; } = body ?? throw new ArgumentNullException(nameof(body));

    /// <summary>Requests with more ranges than this get the whole representation (nginx's <c>max_ranges</c>; default unlimited).</summary>
    public int MaxRanges { get; init; } = RangeHeaderParser.Unlimited;

    /// <summary>Serves a file on disk, read in chunks into the response pipe.</summary>
    public static RangeFileResult PhysicalFile(string path, RangeFileRepresentation representation) =>
        new(representation, RangeBody.FromFile(path));

    /// <summary>Serves bytes produced by <paramref name="writeRange"/>(offset, count, destination, cancellation).</summary>
    public static RangeFileResult FromWriter(RangeFileRepresentation representation, Func<long, long, PipeWriter, CancellationToken, Task> writeRange) =>
        new(representation, RangeBody.FromDelegate(writeRange));

    public Task ExecuteAsync(HttpContext httpContext) => RangeResponder.SendAsync(httpContext, Representation, Body, MaxRanges);
}
