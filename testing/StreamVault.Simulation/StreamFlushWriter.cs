using System.Buffers;
using System.IO.Pipelines;

namespace StreamVault.Simulation;

/// <summary>
/// A <see cref="PipeWriter"/> over a <see cref="Stream"/> for simulations and tests: each flush reaches the stream as
/// one write, and awaits it on the caller's context. <c>PipeWriter.Create</c> would split a flush into pool-sized
/// writes and continue on the thread pool, which a virtual-time loop cannot see.
/// </summary>
internal sealed class StreamFlushWriter(Stream destination) : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _pending = new(64 * 1024);
    private bool _completed;

    public override void Advance(int bytes) => _pending.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

    public override void CancelPendingFlush()
    {
        // Flushes are plain awaited writes; cancellation comes through their token.
    }

    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_pending.WrittenCount > 0)
        {
            await destination.WriteAsync(_pending.WrittenMemory, cancellationToken);
            _pending.ResetWrittenCount();
        }

        return new FlushResult(isCanceled: false, isCompleted: _completed);
    }

    public override void Complete(Exception? exception = null) => _completed = true;
}
