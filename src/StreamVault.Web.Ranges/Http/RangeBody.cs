using Microsoft.AspNetCore.Http;

namespace StreamVault.Web.Ranges.Http;

/// <summary>Where the bytes of a representation come from: a file on disk, or a delegate that writes a slice.</summary>
public abstract class RangeBody
{
    private protected RangeBody()
    {
    }

    /// <summary>A physical file, sent with <see cref="SendFileResponseExtensions.SendFileAsync(HttpResponse, string, long, long?, CancellationToken)"/>.</summary>
    public static RangeBody FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileBody(path);
    }

    /// <summary>
    /// A writer called once per range with (offset, count, destination, cancellation); it must write exactly
    /// <c>count</c> bytes starting at <c>offset</c> of the representation.
    /// </summary>
    public static RangeBody FromDelegate(Func<long, long, Stream, CancellationToken, Task> writeRange)
    {
        ArgumentNullException.ThrowIfNull(writeRange);
        return new DelegateBody(writeRange);
    }

    internal abstract Task WriteAsync(HttpResponse response, long offset, long count, CancellationToken cancellationToken);

    private sealed class FileBody(string path) : RangeBody
    {
        // SendFileAsync lets a server with a real sendfile path (IIS, HTTP.sys) use it, and on Kestrel
        // copies with an unbuffered FileStream straight into the response pipe.
        internal override Task WriteAsync(HttpResponse response, long offset, long count, CancellationToken cancellationToken) =>
            response.SendFileAsync(path, offset, count, cancellationToken);
    }

    private sealed class DelegateBody(Func<long, long, Stream, CancellationToken, Task> writeRange) : RangeBody
    {
        internal override Task WriteAsync(HttpResponse response, long offset, long count, CancellationToken cancellationToken) =>
            writeRange(offset, count, response.Body, cancellationToken);
    }
}
