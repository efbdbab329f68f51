namespace StreamVault.Vaults;

/// <summary>
/// The one rule for splitting an object into parts, shared by every vault: parts of exactly
/// <c>maxPartSize</c> bytes in order, the last one shorter (never empty unless the whole object is), however the
/// source chunks its reads. The vault only says how one part is stored, which keeps its own atomicity (temp file and
/// rename, staged upload, ...).
/// </summary>
public static class PartWriter
{
    /// <summary>
    /// Reads <paramref name="content"/> to its end and hands it to <paramref name="writePart"/> one part at a time, as a
    /// read-only stream over the next at most <paramref name="maxPartSize"/> bytes that <paramref name="writePart"/>
    /// must read to its end. An empty <paramref name="content"/> gives one empty part, so a vault that cannot store
    /// one decides for itself (by throwing). <paramref name="progress"/> gets the total bytes read so far.
    /// </summary>
    /// <returns>The parts in order, as <paramref name="writePart"/> returned them.</returns>
    public static async Task<IReadOnlyList<StoredPart>> WriteAsync(
        Stream content,
        long maxPartSize,
        Func<int, Stream, CancellationToken, Task<StoredPart>> writePart,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(writePart);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPartSize, 1);

        var parts = new List<StoredPart>();
        var source = new PartSource(content, progress);
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var view = new PartStream(source, maxPartSize);
            var part = await writePart(parts.Count, view, cancellationToken).ConfigureAwait(false);
            if (!view.Finished)
            {
                throw new InvalidOperationException($"The vault stored part {parts.Count} without reading it to its end.");
            }

            if (part.Index != parts.Count || part.Length != view.BytesRead)
            {
                throw new InvalidOperationException(
                    $"The vault reported part {part.Index} of {part.Length} bytes for part {parts.Count} of {view.BytesRead} bytes.");
            }

            parts.Add(part);
        }
        while (await source.HasMoreAsync(cancellationToken).ConfigureAwait(false));

        return parts;
    }

    /// <summary>The caller's stream with a one-byte look-ahead: after a full part it tells whether another part
    /// follows without handing a vault an empty trailing part to store and delete again.</summary>
    private sealed class PartSource(Stream content, IProgress<long>? progress)
    {
        private readonly byte[] _peeked = new byte[1];
        private bool _hasPeeked;
        private bool _ended;
        private long _total;

        public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }

            int read;
            if (_hasPeeked)
            {
                _hasPeeked = false;
                buffer.Span[0] = _peeked[0];
                read = 1;
            }
            else
            {
                read = _ended ? 0 : await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                _ended |= read == 0;
            }

            if (read > 0)
            {
                _total += read;
                progress?.Report(_total);
            }

            return read;
        }

        /// <summary>The same read, synchronously on the source stream, for synchronous copiers.</summary>
        public int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }

            int read;
            if (_hasPeeked)
            {
                _hasPeeked = false;
                buffer[0] = _peeked[0];
                read = 1;
            }
            else
            {
                read = _ended ? 0 : content.Read(buffer);
                _ended |= read == 0;
            }

            if (read > 0)
            {
                _total += read;
                progress?.Report(_total);
            }

            return read;
        }

        public async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
        {
            if (_hasPeeked)
            {
                return true;
            }

            if (_ended)
            {
                return false;
            }

            _hasPeeked = await content.ReadAsync(_peeked, cancellationToken).ConfigureAwait(false) == 1;
            _ended = !_hasPeeked;
            return _hasPeeked;
        }

        public bool Ended => _ended && !_hasPeeked;
    }

    /// <summary>A read-only, forward-only window of at most <c>limit</c> bytes over the source.</summary>
    private sealed class PartStream(PartSource source, long limit) : Stream
    {
        public long BytesRead { get; private set; }

        /// <summary>The vault read the whole part: its limit, or the end of the source.</summary>
        public bool Finished => BytesRead == limit || source.Ended;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => BytesRead;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var want = (int)Math.Min(buffer.Length, limit - BytesRead);
            var read = want == 0 ? 0 : await source.ReadAsync(buffer[..want], cancellationToken).ConfigureAwait(false);
            BytesRead += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        // For synchronous copiers only; the vaults read asynchronously.
        public override int Read(byte[] buffer, int offset, int count)
        {
            var want = (int)Math.Min(count, limit - BytesRead);
            var read = want == 0 ? 0 : source.Read(buffer.AsSpan(offset, count)[..want]);
            BytesRead += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
