using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using StreamVault.Core.IO;

namespace StreamVault.Web.Ranges.Http;

/// <summary>Where the bytes of a representation come from: a file on disk, or a delegate that writes a slice.</summary>
public abstract class RangeBody
{
    private protected RangeBody()
    {
    }

    /// <summary>A physical file, read with positional asynchronous reads into the response pipe.</summary>
    public static RangeBody FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileBody(path);
    }

    /// <summary>
    /// A writer called once per range with (offset, count, destination, cancellation); it must write exactly
    /// <c>count</c> bytes starting at <c>offset</c> of the representation into the response pipe, flushing as it goes.
    /// </summary>
    public static RangeBody FromDelegate(Func<long, long, PipeWriter, CancellationToken, Task> writeRange)
    {
        ArgumentNullException.ThrowIfNull(writeRange);
        return new DelegateBody(writeRange);
    }

    internal abstract Task WriteAsync(HttpResponse response, long offset, long count, CancellationToken cancellationToken);

    /// <summary>
    /// Reads a file 64 KiB at a time into a pooled buffer and copies it into the response pipe.
    /// Not <c>HttpResponse.SendFileAsync</c>: Kestrel has no sendfile(2) path, and its SendFileAsync holds a buffer per
    /// response while the socket drains. Here the buffer goes back to the pool before each flush, so a slow viewer holds
    /// only what the pipe holds (its window plus one chunk, in Kestrel's pooled blocks); reading straight into the pipe's
    /// memory instead would make every chunk a fresh array-pool rental held for as long as the socket takes.
    /// Reads are asynchronous so a cold disk never blocks a thread-pool thread.
    /// </summary>
    private sealed class FileBody(string path) : RangeBody
    {
        private const int ChunkSize = 64 * 1024;

        internal override async Task WriteAsync(HttpResponse response, long offset, long count, CancellationToken cancellationToken)
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
            var writer = response.BodyWriter;
            while (count > 0)
            {
                var want = (int)Math.Min(count, ChunkSize);
                var buffer = ArrayPool<byte>.Shared.Rent(want);
                try
                {
                    var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, want), offset, cancellationToken);
                    if (read == 0)
                    {
                        // The file is shorter than the representation said: the response cannot be completed honestly.
                        throw new EndOfStreamException($"'{path}' ended {count} bytes early at offset {offset}.");
                    }

                    writer.Write(buffer.AsSpan(0, read));
                    offset += read;
                    count -= read;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                // A closed connection throws OperationCanceledException, which the responder ends quietly.
                await writer.FlushOrAbortAsync(cancellationToken);
            }
        }
    }

    private sealed class DelegateBody(Func<long, long, PipeWriter, CancellationToken, Task> writeRange) : RangeBody
    {
        internal override Task WriteAsync(HttpResponse response, long offset, long count, CancellationToken cancellationToken) =>
            writeRange(offset, count, response.BodyWriter, cancellationToken);
    }
}
