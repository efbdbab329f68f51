using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using StreamVault.Core.IO;

namespace StreamVault.Web.Ranges.Sendfile;

/// <summary>
/// A response's body writer that can also send file ranges (<see cref="IFileRangeSink"/>) when its connection runs
/// <see cref="SendfileOutput"/>: Kestrel is told about the range's bytes as body bytes (so Content-Length and keep-alive
/// work as for any body), while the bytes themselves go from the file to the socket.
/// </summary>
internal sealed class SendfileBodyWriter(PipeWriter body, HttpResponse response, SendfileOutput output) : PipeWriter, IFileRangeSink
{
    private const int TellChunk = 64 * 1024;

    /// <summary>The response's body writer, able to send files when the connection can and nothing transforms the body.</summary>
    public static PipeWriter For(HttpContext context)
    {
        var features = context.Features;
        var protocol = context.Request.Protocol;
        // Kestrel's HTTP/1.x protocol object is its own response body feature; a middleware that wraps the body
        // (compression, buffering) puts another in its place, and file bytes must not skip it. HTTP/2 and HTTP/3
        // interleave streams on the connection, so a position in the connection's bytes is not one response's.
        if (features.Get<SendfileOutput>() is { } output
            && !context.Request.IsHttps
            && (HttpProtocol.IsHttp11(protocol) || HttpProtocol.IsHttp10(protocol))
            && ReferenceEquals(features.Get<IHttpResponseBodyFeature>(), features.Get<IHttpResponseFeature>()))
        {
            return new SendfileBodyWriter(context.Response.BodyWriter, context.Response, output);
        }

        return context.Response.BodyWriter;
    }

    public async ValueTask SendFileAsync(FileStream file, long offset, long count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }

        // Kestrel times a flush against its minimum response data rate, but it sees this range as one flush of bytes it
        // was told about, not as the socket's progress: a player that pauses with its receive window full was reset
        // after the grace period. The send loop keeps its own timeout on the socket's actual progress instead.
        if (response.HttpContext.Features.Get<IHttpMinResponseDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = null;
        }

        // The status line, headers and whatever came before go into the connection's pipe first, held back by the cork
        // until the file's first bytes join them.
        output.Cork(true);
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        await body.FlushOrAbortAsync(cancellationToken).ConfigureAwait(false);
        await output.BeginFileAsync(file, offset, count, cancellationToken).ConfigureAwait(false);
        for (var left = count; left > 0;)
        {
            var told = (int)Math.Min(body.GetMemory((int)Math.Min(left, TellChunk)).Length, left);
            body.Advance(told);
            left -= told;
        }

        output.EnsureTold();
        await body.FlushOrAbortAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Advance(int bytes) => body.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => body.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => body.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => body.FlushAsync(cancellationToken);

    public override void CancelPendingFlush() => body.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => body.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => body.CompleteAsync(exception);

    public override bool CanGetUnflushedBytes => body.CanGetUnflushedBytes;

    public override long UnflushedBytes => body.UnflushedBytes;
}
