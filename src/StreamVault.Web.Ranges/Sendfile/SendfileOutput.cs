using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;

namespace StreamVault.Web.Ranges.Sendfile;

/// <summary>
/// The output of one plain-TCP connection, in place of the socket transport's own: Kestrel writes the response bytes
/// here and a send loop hands them to the socket, as the transport does, but a response may also mark "the next N body
/// bytes are bytes [offset, offset + N) of this file". Those N bytes never enter the pipe: Kestrel is told about them
/// (it counts them against Content-Length as it counts any body bytes) while they go nowhere, and when the send loop
/// reaches the mark's place in the stream it sends them from the file with sendfile(2). The order of the stream is kept
/// exactly: the loop sends everything written before the mark, then the file range, then what follows.
/// </summary>
internal sealed class SendfileOutput : PipeWriter
{
    /// <summary>Where the bytes Kestrel is told about during a mark are "written": never read, so shared by every
    /// connection; a layer above that copies into it (Kestrel's concurrent writer does when flushes overlap) copies garbage
    /// nobody looks at.</summary>
    private static readonly byte[] Discard = new byte[64 * 1024];

    /// <summary>A file range goes to the socket in pieces of this size, each with <see cref="SendfileConnections.SendTimeout"/>
    /// to be taken: a reader must take a MiB a minute (17 KiB/s) to keep its connection. A range in one piece would let a
    /// reader that stopped hold its connection for as long as the range is long; smaller pieces cost a send call each
    /// (a cached slice, the common range, is one piece).</summary>
    private const int FilePiece = 1 << 20;

    private const int IpProtocolTcp = 6; // IPPROTO_TCP
    private const int TcpCork = 3; // TCP_CORK (linux/tcp.h)
    private static readonly byte[] CorkOn = BitConverter.GetBytes(1);
    private static readonly byte[] CorkOff = BitConverter.GetBytes(0);

    private readonly Socket _socket;
    private readonly PipeWriter _transportOutput;
    private readonly Action<ConnectionAbortedException> _abort;
    private readonly TimeProvider _time;
    private readonly TimeSpan _sendTimeout;
    private readonly Pipe _pipe;
    private readonly Queue<FileMark> _marks = new();
    private readonly Lock _sync = new();
    private readonly List<ArraySegment<byte>> _gather = [];
    private SocketAsyncEventArgs? _fileArgs;
    private FileMark? _current; // the mark whose bytes Kestrel is being told about, or whose sending is awaited
    private long _written; // bytes that entered the pipe, i.e. the stream position of the next pipe byte
    private long _sent; // stream position the send loop has reached (pipe bytes and marks)
    private long _fileBytesSent;
    private readonly bool _canCork;
    private int _completed;

    public SendfileOutput(Socket socket, PipeWriter transportOutput, MemoryPool<byte>? pool, int window, Action<ConnectionAbortedException> abort, TimeProvider time, TimeSpan sendTimeout)
    {
        _socket = socket;
        _abort = abort;
        _time = time;
        _sendTimeout = sendTimeout;
        _canCork = OperatingSystem.IsLinux() && socket.ProtocolType == ProtocolType.Tcp;
        _transportOutput = transportOutput;
        // The send loop runs inline on the thread that flushed (or began a file range), and completions run on the
        // thread that completed them: each thread-pool hop between "the response wrote" and "the socket sent" is a wait for
        // a core, which on a busy two-core machine cost more than the copies sendfile saves.
        _pipe = new Pipe(new PipeOptions(
            pool: pool,
            readerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: window,
            resumeWriterThreshold: window / 2,
            useSynchronizationContext: false));
    }

    /// <summary>Bytes this connection sent from files with sendfile(2), not through the pipe.</summary>
    internal long FileBytesSent => Interlocked.Read(ref _fileBytesSent);

    /// <summary>
    /// Starts a mark: the next <paramref name="count"/> bytes advanced into this writer are the file's, not the pipe's.
    /// Everything written before is flushed first, so the send loop can reach the mark's position.
    /// </summary>
    public async ValueTask BeginFileAsync(FileStream file, long offset, long count, CancellationToken cancellationToken)
    {
        if (_current is not null)
        {
            throw new InvalidOperationException("A file range is already being sent on this connection.");
        }

        await _pipe.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var mark = new FileMark(file, offset, count, _written);
        _current = mark;
        lock (_sync)
        {
            _marks.Enqueue(mark);
        }

        // The loop may be waiting for pipe bytes that will not come before the mark is sent.
        _pipe.Reader.CancelPendingRead();
    }

    /// <summary>
    /// Throws <see cref="OperationCanceledException"/> when the bytes of the current mark did not all reach this writer:
    /// Kestrel stops passing body bytes down once it has aborted the connection (it hands out memory of its own then),
    /// so the response cannot be completed.
    /// </summary>
    public void EnsureTold()
    {
        if (_current is { Untold: > 0 })
        {
            _current = null;
            throw new OperationCanceledException("The connection went away while a file range was being sent.");
        }
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) =>
        _current is { Untold: > 0 } mark ? Discard.AsMemory(0, (int)Math.Min(Discard.Length, mark.Untold)) : _pipe.Writer.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) =>
        _current is { Untold: > 0 } mark ? Discard.AsSpan(0, (int)Math.Min(Discard.Length, mark.Untold)) : _pipe.Writer.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        if (_current is { Untold: > 0 } mark)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, mark.Untold);
            mark.Untold -= bytes;
            if (mark.Untold == 0)
            {
                _written += mark.Count; // what follows goes after the file's bytes
            }

            return;
        }

        _pipe.Writer.Advance(bytes);
        _written += bytes;
    }

    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_current is { Untold: 0 } mark)
        {
            // Every byte of the mark was accounted for: the flush ends when the socket has taken the file range, so the
            // caller may close the file and a slow viewer holds no memory of ours meanwhile.
            // No cancellation here: a request that is aborted aborts its connection, which ends the sending with a failure.
            var sent = await mark.Sent.ConfigureAwait(false);
            _current = null;
            if (!sent)
            {
                return new FlushResult(isCanceled: false, isCompleted: true);
            }
        }

        return await _pipe.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void CancelPendingFlush() => _pipe.Writer.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _pipe.Writer.Complete(exception);
        }
    }

    public override bool CanGetUnflushedBytes => _pipe.Writer.CanGetUnflushedBytes;

    public override long UnflushedBytes => _pipe.Writer.UnflushedBytes;

    /// <summary>The send loop: pipe bytes up to the next mark, the mark's file range, and so on until the writer completes.</summary>
    public async Task RunAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var mark = NextMark();
                if (mark is not null && mark.Position == _sent)
                {
                    await SendFileAsync(mark).ConfigureAwait(false);
                    Cork(false);
                    lock (_sync)
                    {
                        _marks.Dequeue();
                    }

                    _sent += mark.Count;
                    mark.Done(true);
                    continue;
                }

                var result = await _pipe.Reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                mark ??= NextMark();
                var take = mark is null ? buffer : buffer.Slice(0, Math.Min(buffer.Length, mark.Position - _sent));
                if (!take.IsEmpty)
                {
                    await SendAsync(take).ConfigureAwait(false);
                    _sent += take.Length;
                }

                _pipe.Reader.AdvanceTo(take.End);
                if (result.IsCompleted && take.Length == buffer.Length && NextMark() is null)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The peer went away, or the connection was aborted: as the socket transport does, the connection is aborted
            // and the pipe completed without an error, so Kestrel's next flush sees a completed output (no error log).
            error = ex;
        }
        finally
        {
            await _pipe.Reader.CompleteAsync().ConfigureAwait(false);
            FailMarks();
            _fileArgs?.Dispose();
            if (error is not null)
            {
                _abort(new ConnectionAbortedException("The connection broke while sending.", error));
            }

            // The socket transport's own output was never written; completing it lets it shut the socket down as usual.
            await _transportOutput.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// TCP_CORK from before the headers of a file range until its file bytes went out: without it the headers leave as
    /// a packet of their own and the client wakes once more per response (nginx's <c>tcp_nopush</c> does the same).
    /// The response corks before it flushes its headers; the send loop uncorks after the file. Linux TCP only.
    /// </summary>
    public void Cork(bool on)
    {
        if (!_canCork)
        {
            return;
        }

        try
        {
            _socket.SetRawSocketOption(IpProtocolTcp, TcpCork, on ? CorkOn : CorkOff);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The connection is going away; its sends fail and end the response.
        }
    }

    private FileMark? NextMark()
    {
        lock (_sync)
        {
            return _marks.TryPeek(out var mark) ? mark : null;
        }
    }

    private void FailMarks()
    {
        lock (_sync)
        {
            while (_marks.TryDequeue(out var mark))
            {
                mark.Done(false);
            }
        }
    }

    private async ValueTask SendAsync(ReadOnlySequence<byte> bytes)
    {
        if (bytes.IsSingleSegment)
        {
            await SendAllAsync(bytes.First).ConfigureAwait(false);
            return;
        }

        // Several blocks in one sendmsg(2), as the socket transport does.
        _gather.Clear();
        foreach (var segment in bytes)
        {
            if (!MemoryMarshal.TryGetArray(segment, out var array))
            {
                _gather.Clear();
                foreach (var block in bytes)
                {
                    await SendAllAsync(block).ConfigureAwait(false);
                }

                return;
            }

            _gather.Add(array);
        }

        var sent = await _socket.SendAsync(_gather, SocketFlags.None).ConfigureAwait(false);
        if (sent < bytes.Length)
        {
            foreach (var block in bytes.Slice(sent))
            {
                await SendAllAsync(block).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }

    /// <summary>sendfile(2) through the socket's own asynchronous machinery (SendPacketsAsync sends a file element with
    /// it on Linux), so a full socket buffer waits on epoll rather than on a thread.</summary>
    private async ValueTask SendFileAsync(FileMark mark)
    {
        var args = _fileArgs ??= CreateFileArgs();
        for (long done = 0; done < mark.Count;)
        {
            var count = (int)Math.Min(FilePiece, mark.Count - done);
            var completion = new TaskCompletionSource();
            args.UserToken = completion;
            args.SendPacketsElements = [new SendPacketsElement(mark.File, mark.Offset + done, count, endOfPacket: true)];
            if (_socket.SendPacketsAsync(args))
            {
                try
                {
                    await completion.Task.WaitAsync(_sendTimeout, _time).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // The reader took nothing for the whole timeout. The send is still pending on the arguments: they are
                    // left to the collector rather than disposed under it, and the abort that follows ends the send.
                    _fileArgs = null;
                    throw new SocketException((int)SocketError.TimedOut);
                }
            }

            if (args.SocketError != SocketError.Success)
            {
                throw new SocketException((int)args.SocketError);
            }

            done += count;
            Interlocked.Add(ref _fileBytesSent, count);
        }

        args.SendPacketsElements = null;
    }

    private static SocketAsyncEventArgs CreateFileArgs()
    {
        var args = new SocketAsyncEventArgs();
        args.Completed += (_, e) => ((TaskCompletionSource)e.UserToken!).TrySetResult();
        return args;
    }

    private sealed class FileMark(FileStream file, long offset, long count, long position)
    {
        private readonly long _count = count;
        private readonly TaskCompletionSource<bool> _sent = new();

        public FileStream File => file;

        public long Offset => offset;

        public long Count => _count;

        /// <summary>Stream position where the file's bytes go.</summary>
        public long Position => position;

        /// <summary>Bytes of the mark Kestrel has not yet been told about (advanced).</summary>
        public long Untold { get; set; } = count;

        /// <summary>True once the socket took the range, false when the connection broke first.</summary>
        public Task<bool> Sent => _sent.Task;

        public void Done(bool sent) => _sent.TrySetResult(sent);
    }
}
