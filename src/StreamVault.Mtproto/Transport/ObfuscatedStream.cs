using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace StreamVault.Mtproto.Transport;

/// <summary>obfuscated2: a 64-byte random header seeds AES-CTR in both directions so the byte stream has no fixed pattern.</summary>
internal sealed class ObfuscatedStream : Stream
{
    private readonly Stream _inner;
    private readonly AesCtr _encrypt;
    private readonly AesCtr _decrypt;

    private ObfuscatedStream(Stream inner, AesCtr encrypt, AesCtr decrypt)
    {
        _inner = inner;
        _encrypt = encrypt;
        _decrypt = decrypt;
    }

    /// <summary>Client side: sends the init header carrying the framing tag and DC id.</summary>
    public static async Task<ObfuscatedStream> ClientAsync(Stream inner, uint tag, short dcId, CancellationToken ct)
    {
        var init = new byte[64];
        do
        {
            RandomNumberGenerator.Fill(init);
        }
        while (!AcceptableInit(init));
        BinaryPrimitives.WriteUInt32LittleEndian(init.AsSpan(56), tag);
        BinaryPrimitives.WriteInt16LittleEndian(init.AsSpan(60), dcId);
        var reversed = init.AsSpan(8, 48).ToArray();
        Array.Reverse(reversed);
        var enc = new AesCtr(init.AsSpan(8, 32), init.AsSpan(40, 16));
        var dec = new AesCtr(reversed.AsSpan(0, 32), reversed.AsSpan(32, 16));
        var encrypted = (byte[])init.Clone();
        enc.Transform(encrypted);
        encrypted.AsSpan(56, 8).CopyTo(init.AsSpan(56));
        await inner.WriteAsync(init, ct).ConfigureAwait(false);
        return new ObfuscatedStream(inner, enc, dec);
    }

    /// <summary>Server side: the first 64 bytes were already read; returns the stream and the framing tag.</summary>
    public static (ObfuscatedStream Stream, uint Tag, short DcId) Server(Stream inner, ReadOnlySpan<byte> init)
    {
        var reversed = init.Slice(8, 48).ToArray();
        Array.Reverse(reversed);
        var dec = new AesCtr(init.Slice(8, 32), init.Slice(40, 16));
        var enc = new AesCtr(reversed.AsSpan(0, 32), reversed.AsSpan(32, 16));
        var plain = init.ToArray();
        dec.Transform(plain);
        return (new ObfuscatedStream(inner, enc, dec), BinaryPrimitives.ReadUInt32LittleEndian(plain.AsSpan(56)), BinaryPrimitives.ReadInt16LittleEndian(plain.AsSpan(60)));
    }

    private static bool AcceptableInit(byte[] init)
    {
        if (init[0] == 0xef)
        {
            return false;
        }

        var first = BinaryPrimitives.ReadUInt32LittleEndian(init);
        // "HEAD", "POST", "GET ", "OPTI", TLS record, and the plain intermediate tags would be misread by middleboxes or the server.
        if (first is 0x44414548 or 0x54534f50 or 0x20544547 or 0x4954504f or 0x02010316 or 0xdddddddd or 0xeeeeeeee)
        {
            return false;
        }

        return BinaryPrimitives.ReadUInt32LittleEndian(init.AsSpan(4)) != 0;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _decrypt.Transform(buffer.Span[..n]);
        return n;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var tmp = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            buffer.Span.CopyTo(tmp);
            _encrypt.Transform(tmp.AsSpan(0, buffer.Length));
            await _inner.WriteAsync(tmp.AsMemory(0, buffer.Length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tmp);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Stream's synchronous members must block by contract; the transport itself only calls the async ones.
#pragma warning disable RS0030
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();
#pragma warning restore RS0030

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _encrypt.Dispose();
            _decrypt.Dispose();
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
