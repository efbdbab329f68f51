using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace StreamVault.Server.Tests.Infrastructure;

/// <summary>
/// Writes RAR 4.x archives of stored (uncompressed) files, from RARLAB's published "RAR version 4.11 — technical
/// information": the marker block, the archive header, one file header (type 0x74) plus data per file, and the end
/// block. No free tool on Debian writes RAR, and SharpCompress only reads it; a stored archive is all the extractor's
/// checks need, and a header may be told to claim another unpacked size, as a crafted archive can.
/// </summary>
internal static class Rar4Archive
{
    private static readonly byte[] Marker = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00];

    public static byte[] Create(params (string Name, byte[] Bytes)[] files) =>
        Create(files.Select(f => (f.Name, f.Bytes, (long?)null)).ToArray());

    public static byte[] Create((string Name, byte[] Bytes, long? ClaimedSize)[] files)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var output = new MemoryStream();
        output.Write(Marker);
        // Archive header: type 0x73, no flags, 13 bytes, two reserved fields.
        WriteBlock(output, 0x73, 0x0000, new byte[6]);
        foreach (var (name, bytes, claimed) in files)
        {
            var nameBytes = Encoding.ASCII.GetBytes(name);
            var fields = new byte[25 + nameBytes.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(fields.AsSpan(0), (uint)bytes.Length);      // PACK_SIZE
            BinaryPrimitives.WriteUInt32LittleEndian(fields.AsSpan(4), (uint)(claimed ?? bytes.Length)); // UNP_SIZE
            fields[8] = 3;                                                                       // HOST_OS: Unix
            BinaryPrimitives.WriteUInt32LittleEndian(fields.AsSpan(9), Crc32.HashToUInt32(bytes)); // FILE_CRC
            BinaryPrimitives.WriteUInt32LittleEndian(fields.AsSpan(13), 0x5a210000);             // FTIME (DOS, 2025)
            fields[17] = 20;                                                                     // UNP_VER 2.0
            fields[18] = 0x30;                                                                   // METHOD: store
            BinaryPrimitives.WriteUInt16LittleEndian(fields.AsSpan(19), (ushort)nameBytes.Length); // NAME_SIZE
            BinaryPrimitives.WriteUInt32LittleEndian(fields.AsSpan(21), 0x81a4);                 // ATTR: rw-r--r--
            nameBytes.CopyTo(fields, 25);
            // 0x8000: ADD_SIZE present (PACK_SIZE is the first field and counts as it).
            WriteBlock(output, 0x74, 0x8000, fields);
            output.Write(bytes);
        }

        WriteBlock(output, 0x7b, 0x4000, []);
        return output.ToArray();
    }

    // HEAD_CRC (low 16 bits of the CRC32 from HEAD_TYPE on), HEAD_TYPE, HEAD_FLAGS, HEAD_SIZE, then the fields.
    private static void WriteBlock(Stream output, byte type, ushort flags, byte[] fields)
    {
        var header = new byte[7 + fields.Length];
        header[2] = type;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(3), flags);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(5), (ushort)header.Length);
        fields.CopyTo(header, 7);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0), (ushort)Crc32.HashToUInt32(header.AsSpan(2)));
        output.Write(header);
    }
}
