using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamVault.Core.Http;
using StreamVault.Web.Ranges.Sendfile;

namespace StreamVault.Web.Ranges.Http;

/// <summary>
/// Answers a GET or HEAD for a representation with 200, 206 (single or multipart), 304, 412 or 416,
/// as planned by <see cref="RangePlanner"/>. A client that goes away mid-body ends the response quietly.
/// </summary>
public static partial class RangeResponder
{
    /// <summary>Writes the whole response for <paramref name="representation"/>, reading bytes from <paramref name="body"/>.</summary>
    /// <param name="maxRanges">More ranges than this in one request are answered with the whole representation.</param>
    public static async Task SendAsync(HttpContext context, RangeFileRepresentation representation, RangeBody body, int maxRanges = RangeHeaderParser.Unlimited)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(representation);
        ArgumentNullException.ThrowIfNull(body);

        var request = context.Request;
        var response = context.Response;
        var decision = RangePlanner.Decide(ReadHeaders(request), representation.Info, maxRanges);
        var multipart = decision.Kind == RangeResponseKind.Multipart
            ? new MultipartByteRanges(decision.Ranges, decision.RepresentationLength, representation.ContentType, MultipartByteRanges.NewBoundary())
            : null;

        WriteHeaders(response, decision, representation, multipart);
        if (HttpMethods.IsHead(request.Method) || !decision.SendsRepresentation || decision.Ranges.Count == 0)
        {
            return;
        }

        // Bodies are large and written in big slices; nothing should hold them back in a buffer.
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var cancellation = context.RequestAborted;
        var writer = SendfileBodyWriter.For(context);
        try
        {
            if (multipart is null)
            {
                var range = decision.Ranges[0];
                await body.WriteAsync(writer, range.Start, range.Length, cancellation).ConfigureAwait(false);
            }
            else
            {
                await WriteMultipartAsync(writer, body, multipart, cancellation).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException
                                   && (cancellation.IsCancellationRequested || response.HasStarted))
        {
            // The client left (or the source failed after the status line went out): nothing useful can be
            // sent, so drop the connection rather than pretend the body is complete, and log no error storm.
            context.Abort();
            if (Logger(context) is { } logger && logger.IsEnabled(LogLevel.Debug))
            {
#pragma warning disable CA1873 // evaluated only under the IsEnabled(Debug) guard above, which the analyzer does not follow
                Log.EndedEarly(logger, request.Path, ex.GetType().Name);
#pragma warning restore CA1873
            }
        }
    }

    private static RangeRequestHeaders ReadHeaders(HttpRequest request)
    {
        var headers = request.Headers;
        return new RangeRequestHeaders
        {
            IsGetOrHead = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method),
            // Single-valued fields: the first occurrence counts, as in nginx.
            Range = First(headers.Range),
            IfRange = First(headers.IfRange),
            IfModifiedSince = First(headers.IfModifiedSince),
            IfUnmodifiedSince = First(headers.IfUnmodifiedSince),
            // List fields: repeated lines are one comma-separated list (RFC 9110 §5.3).
            IfMatch = Joined(headers.IfMatch),
            IfNoneMatch = Joined(headers.IfNoneMatch),
        };

        static string? First(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 0 ? null : values[0];

        static string? Joined(Microsoft.Extensions.Primitives.StringValues values) =>
            values.Count switch { 0 => null, 1 => values[0], _ => string.Join(", ", values.ToArray()) };
    }

    private static void WriteHeaders(HttpResponse response, RangeDecision decision, RangeFileRepresentation representation, MultipartByteRanges? multipart)
    {
        var headers = response.Headers;
        response.StatusCode = decision.StatusCode;

        if (decision.SendsValidators)
        {
            if (representation.ETag is { } etag)
            {
                headers.ETag = etag;
            }

            if (representation.LastModified is { } modified)
            {
                headers.LastModified = HttpDate.Format(modified);
            }
        }

        if (decision.Kind != RangeResponseKind.NotModified)
        {
            headers.AcceptRanges = "bytes";
        }

        if (decision.SendsRepresentation)
        {
            headers.ContentType = multipart?.ContentType ?? representation.ContentType;
            if (representation.DownloadName is { } name)
            {
                headers.ContentDisposition = ContentDispositionHeader.Attachment(name);
            }
        }

        if (decision.ContentRange is { } contentRange)
        {
            headers.ContentRange = contentRange;
        }

        response.ContentLength = multipart?.ContentLength ?? decision.ContentLength;
    }

    private static async Task WriteMultipartAsync(PipeWriter writer, RangeBody body, MultipartByteRanges multipart, CancellationToken cancellation)
    {
        for (var i = 0; i < multipart.Ranges.Count; i++)
        {
            var range = multipart.Ranges[i];
            await writer.WriteAsync(multipart.PartHeader(i), cancellation).ConfigureAwait(false);
            await body.WriteAsync(writer, range.Start, range.Length, cancellation).ConfigureAwait(false);
        }

        await writer.WriteAsync(multipart.Trailer, cancellation).ConfigureAwait(false);
    }

    private static ILogger? Logger(HttpContext context) =>
        context.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger(typeof(RangeResponder).FullName!);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Range response for {Path} ended early: {Reason}")]
        public static partial void EndedEarly(ILogger logger, PathString path, string reason);
    }
}
