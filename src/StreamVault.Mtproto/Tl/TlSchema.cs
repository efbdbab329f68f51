using System.IO.Compression;

namespace StreamVault.Mtproto.Tl;

public static partial class TlSchema
{
    public const uint VectorId = 0x1cb5c415;
    public const uint BoolTrue = 0x997275b5;
    public const uint BoolFalse = 0xbc799737;
    public const uint RpcResultId = 0xf35c6d01;
    public const uint MsgContainerId = 0x73f1f8dc;
    public const uint GzipPackedId = 0x3072cfa1;

    /// <summary>Reads a boxed object whose constructor id has already been consumed.</summary>
    internal static TlObject Create(uint id, TlReader r)
    {
        switch (id)
        {
            case GzipPackedId:
                return new TlReader(Gunzip(r.ReadBytes())).ReadObject();
            case MsgContainerId:
                return MsgContainer.ReadBare(r);
            case RpcResultId:
                return RpcResult.ReadBare(r);
        }
        return CreateGenerated(id, r) ?? throw new TlException($"unknown constructor 0x{id:x8}");
    }

    /// <summary>Largest object a gzip_packed may unpack to: a TL object never exceeds a transport frame.</summary>
    private const int MaxUnpacked = 16 * 1024 * 1024;

    /// <summary>
    /// Unpacks gzip_packed data. The spec says gzip, and Telegram and most clients send RFC 1952 gzip, but some
    /// (mtcute) send an RFC 1950 zlib stream; Telegram accepts both, so this tells them apart by their header.
    /// </summary>
    public static byte[] Gunzip(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var input = new MemoryStream(data);
        using Stream unpack = data switch
        {
            [0x1f, 0x8b, ..] => new GZipStream(input, CompressionMode.Decompress),
            [var cmf, var flg, ..] when (cmf & 0x0f) == 8 && ((cmf << 8) | flg) % 31 == 0 => new ZLibStream(input, CompressionMode.Decompress),
            _ => throw new TlException("gzip_packed holds neither gzip nor zlib data"),
        };
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int n;
            while ((n = unpack.Read(buffer)) > 0)
            {
                if (output.Length + n > MaxUnpacked)
                {
                    throw new TlException("gzip_packed unpacks to more than 16 MiB");
                }

                output.Write(buffer, 0, n);
            }
        }
        catch (InvalidDataException e)
        {
            throw new TlException($"gzip_packed data is corrupt: {e.Message}");
        }
        return output.ToArray();
    }

    public static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest))
        {
            gz.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Wraps a serialized object in gzip_packed.</summary>
    public static byte[] GzipPacked(ReadOnlySpan<byte> boxed)
    {
        var w = new TlWriter();
        w.WriteUInt(GzipPackedId);
        w.WriteBytes(Gzip(boxed));
        return w.ToArray();
    }
}

public sealed class TlException(string message) : Exception(message);
