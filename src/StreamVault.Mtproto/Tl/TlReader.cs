using System.Buffers.Binary;
using System.Text;

namespace StreamVault.Mtproto.Tl;

/// <summary>Sequential little-endian TL reader over a byte buffer.</summary>
public sealed class TlReader(ReadOnlyMemory<byte> buffer)
{
    private readonly ReadOnlyMemory<byte> _buffer = buffer;

    public TlReader(byte[] buffer) : this(buffer.AsMemory()) { }

    public int Position { get; set; }

    public int Remaining => _buffer.Length - Position;

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || Position + n > _buffer.Length)
        {
            throw new TlException("unexpected end of TL data");
        }

        var s = _buffer.Span.Slice(Position, n);
        Position += n;
        return s;
    }

    public int ReadInt() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public uint ReadUInt() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public uint PeekUInt() => BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Span.Slice(Position, 4));

    public long ReadLong() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public byte[] ReadRaw(int n) => Take(n).ToArray();

    public ReadOnlyMemory<byte> ReadRawMemory(int n)
    {
        if (n < 0 || Position + n > _buffer.Length)
        {
            throw new TlException("unexpected end of TL data");
        }

        var m = _buffer.Slice(Position, n);
        Position += n;
        return m;
    }

    /// <summary>TL bytes: 1-byte length (&lt;254) or 0xFE + 3-byte length, then data, padded to 4.</summary>
    public ReadOnlyMemory<byte> ReadBytesMemory()
    {
        int len = Take(1)[0];
        var header = 1;
        if (len == 254)
        {
            var l = Take(3);
            len = l[0] | (l[1] << 8) | (l[2] << 16);
            header = 4;
        }
        else if (len == 255)
        {
            throw new TlException("invalid TL bytes length prefix 255");
        }
        var data = ReadRawMemory(len);
        var pad = (4 - ((header + len) & 3)) & 3;
        Take(pad);
        return data;
    }

    public byte[] ReadBytes() => ReadBytesMemory().ToArray();

    public string ReadString() => Encoding.UTF8.GetString(ReadBytesMemory().Span);

    public bool ReadBool()
    {
        var id = ReadUInt();
        return id switch
        {
            TlSchema.BoolTrue => true,
            TlSchema.BoolFalse => false,
            _ => throw new TlException($"expected Bool, got 0x{id:x8}"),
        };
    }

    public TlObject ReadObject() => TlSchema.Create(ReadUInt(), this);

    public T[] ReadVector<T>(Func<TlReader, T> item)
    {
        var id = ReadUInt();
        if (id == TlSchema.GzipPackedId)
        {
            return new TlReader(TlSchema.Gunzip(ReadBytes())).ReadVector(item);
        }

        if (id != TlSchema.VectorId)
        {
            throw new TlException($"expected vector, got 0x{id:x8}");
        }

        return ReadBareVector(item);
    }

    public T[] ReadBareVector<T>(Func<TlReader, T> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var n = ReadInt();
        if (n < 0 || n > Remaining)
        {
            throw new TlException("invalid vector length");
        }

        var a = new T[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = item(this);
        }

        return a;
    }
}
