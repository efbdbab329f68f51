using System.IO.Pipelines;

namespace StreamVault.Core.IO;

/// <summary>Helpers for writers of media bytes into a response pipe.</summary>
public static class PipeWriterExtensions
{
    /// <summary>
    /// Flushes, waiting while the reader (the socket) is behind, and throws <see cref="OperationCanceledException"/> when
    /// the reader is gone: a writer must stop producing bytes nobody will read.
    /// </summary>
    public static async ValueTask FlushOrAbortAsync(this PipeWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flush.IsCanceled || flush.IsCompleted)
        {
            throw new OperationCanceledException("The response pipe was closed.", cancellationToken);
        }
    }

    /// <summary>
    /// Copies <paramref name="bytes"/> into one block of the pipe (a pool with blocks of that size serves it whole,
    /// where <c>Write</c> would spread it over minimum-size blocks).
    /// </summary>
    public static void WriteAsOneBlock(this PipeWriter writer, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }

    /// <summary>
    /// Copies <paramref name="bytes"/> into the pipe <paramref name="chunk"/> bytes per flush, so the pipe never holds much
    /// more than one chunk beyond its window however large the source is.
    /// </summary>
    public static async ValueTask WriteInChunksAsync(this PipeWriter writer, ReadOnlyMemory<byte> bytes, int chunk, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunk);
        for (var at = 0; at < bytes.Length; at += chunk)
        {
            writer.WriteAsOneBlock(bytes.Span[at..Math.Min(bytes.Length, at + chunk)]);
            await writer.FlushOrAbortAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
