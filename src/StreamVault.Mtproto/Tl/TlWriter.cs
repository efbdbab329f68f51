using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace StreamVault.Mtproto.Tl;

/// <summary>Little-endian TL writer into a growable buffer.</summary>
public sealed class TlWriter
{
    private readonly ArrayBufferWriter<byte> _buf;

    public TlWriter(int capacity = 256) => _buf = new ArrayBufferWriter<byte>(capacity);

    public int Length => _buf.WrittenCount;

    public ReadOnlySpan<byte> WrittenSpan => _buf.WrittenSpan;

    public ReadOnlyMemory<byte> WrittenMemory => _buf.WrittenMemory;

    public byte[] ToArray() => _buf.WrittenSpan.ToArray();

    public void WriteInt(int v) { BinaryPrimitives.WriteInt32LittleEndian(_buf.GetSpan(4), v); _buf.Advance(4); }

    public void WriteUInt(uint v) { BinaryPrimitives.WriteUInt32LittleEndian(_buf.GetSpan(4), v); _buf.Advance(4); }

    public void WriteLong(long v) { BinaryPrimitives.WriteInt64LittleEndian(_buf.GetSpan(8), v); _buf.Advance(8); }

    public void WriteDouble(double v) { BinaryPrimitives.WriteDoubleLittleEndian(_buf.GetSpan(8), v); _buf.Advance(8); }

    public void WriteRaw(ReadOnlySpan<byte> data) => _buf.Write(data);

    public void WriteRaw(byte[] data, int expectedLength)
    {
        if (data is null || data.Length != expectedLength)
        {
            throw new TlException($"expected {expectedLength} bytes");
        }

        _buf.Write(data);
    }

    public void WriteBytes(byte[] data) => WriteBytes(data.AsSpan());

    public void WriteBytes(ReadOnlySpan<byte> data)
    {
        int header;
        if (data.Length < 254)
        {
            _buf.GetSpan(1)[0] = (byte)data.Length;
            _buf.Advance(1);
            header = 1;
        }
        else
        {
            if (data.Length > 0xFFFFFF)
            {
                throw new TlException("TL bytes longer than 16 MiB");
            }

            var s = _buf.GetSpan(4);
            s[0] = 254;
            s[1] = (byte)data.Length;
            s[2] = (byte)(data.Length >> 8);
            s[3] = (byte)(data.Length >> 16);
            _buf.Advance(4);
            header = 4;
        }
        _buf.Write(data);
        var pad = (4 - ((header + data.Length) & 3)) & 3;
        _buf.GetSpan(pad)[..pad].Clear();
        _buf.Advance(pad);
    }

    public void WriteString(string s) => WriteBytes(Encoding.UTF8.GetBytes(s));

    public void WriteBool(bool v) => WriteUInt(v ? TlSchema.BoolTrue : TlSchema.BoolFalse);

    public void WriteVector<T>(T[] items, Action<TlWriter, T> item)
    {
        WriteUInt(TlSchema.VectorId);
        WriteBareVector(items, item);
    }

    public void WriteBareVector<T>(T[] items, Action<TlWriter, T> item)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(item);
        WriteInt(items.Length);
        foreach (var x in items)
        {
            item(this, x);
        }
    }
}
