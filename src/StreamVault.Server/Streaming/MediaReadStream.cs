using StreamVault.Vaults;

namespace StreamVault.Server.Streaming;

/// <summary>A seekable read-only view of a media object over <see cref="IMediaByteSource"/>, so range handling that
/// expects a stream works over parts and remote vaults. Each read copies the asked range through a pipe.</summary>
internal sealed class MediaReadStream(MediaObject media, IMediaByteSource source) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => media.Length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, media.Length);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var count = (int)Math.Min(buffer.Length, media.Length - _position);
        if (count <= 0)
        {
            return 0;
        }

        using var target = new MemoryTargetStream(buffer[..count]);
        await source.CopyRangeAsync(media, _position, count, target, cancellationToken);
        _position += target.Written;
        return target.Written;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => media.Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Collects what the byte source writes into the caller's buffer.</summary>
    private sealed class MemoryTargetStream(Memory<byte> target) : Stream
    {
        public int Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written;

        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            buffer.CopyTo(target[Written..]);
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
