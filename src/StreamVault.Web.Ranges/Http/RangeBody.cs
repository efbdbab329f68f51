using System.IO.Pipelines;
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
    /// The destination is an <see cref="IFileRangeSink"/> when the connection can send file bytes itself.
    /// </summary>
    public static RangeBody FromDelegate(Func<long, long, PipeWriter, CancellationToken, Task> writeRange)
    {
        ArgumentNullException.ThrowIfNull(writeRange);
        return new DelegateBody(writeRange);
    }

    /// <summary>Writes bytes [offset, offset + count) into <paramref name="writer"/>, the response's body writer (one
    /// that can send files itself when the connection allows: <see cref="IFileRangeSink"/>).</summary>
    internal abstract Task WriteAsync(PipeWriter writer, long offset, long count, CancellationToken cancellationToken);

    /// <summary>
    /// On a connection that can (<see cref="Sendfile.SendfileConnections"/>), the range goes from the file to the socket
    /// with sendfile(2), as nginx sends it. Otherwise the file is read 32 KiB at a time straight into the response pipe's
    /// memory, flushing after each read. Not <c>HttpResponse.SendFileAsync</c>: Kestrel has no sendfile(2) path, and its
    /// SendFileAsync copies through a buffer of its own that it holds while the socket drains. Kestrel's blocks are 4 KiB,
    /// so a 32 KiB request is an array-pool rental unless the server runs <see cref="Memory.SizedBlockMemoryPool"/>, which
    /// the StreamVault server does: then a slow viewer holds one pooled block. Reads are asynchronous so a cold disk never
    /// blocks a thread.
    /// </summary>
    private sealed class FileBody(string path) : RangeBody
    {
        private const int ChunkSize = 32 * 1024;

        internal override async Task WriteAsync(PipeWriter writer, long offset, long count, CancellationToken cancellationToken)
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous);
            await using var _ = file.ConfigureAwait(false);
            var handle = file.SafeFileHandle;
            if (writer is IFileRangeSink sink)
            {
                if (RandomAccess.GetLength(handle) < offset + count)
                {
                    throw new EndOfStreamException($"'{path}' is shorter than the {count} bytes asked at offset {offset}.");
                }

                await sink.SendFileAsync(file, offset, count, cancellationToken).ConfigureAwait(false);
                return;
            }

            while (count > 0)
            {
                var buffer = writer.GetMemory((int)Math.Min(count, ChunkSize));
                if (buffer.Length > count)
                {
                    buffer = buffer[..(int)count];
                }

                var read = await RandomAccess.ReadAsync(handle, buffer, offset, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    // The file is shorter than the representation said: the response cannot be completed honestly.
                    throw new EndOfStreamException($"'{path}' ended {count} bytes early at offset {offset}.");
                }

                writer.Advance(read);
                offset += read;
                count -= read;
                await writer.FlushOrAbortAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private sealed class DelegateBody(Func<long, long, PipeWriter, CancellationToken, Task> writeRange) : RangeBody
    {
        internal override Task WriteAsync(PipeWriter writer, long offset, long count, CancellationToken cancellationToken) =>
            writeRange(offset, count, writer, cancellationToken);
    }
}
