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

    public static byte[] Gunzip(byte[] data)
    {
        using var input = new MemoryStream(data);
        using var gz = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gz.CopyTo(output);
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
