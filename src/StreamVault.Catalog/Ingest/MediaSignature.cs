using System.Buffers.Binary;

namespace StreamVault.Catalog.Ingest;

/// <summary>
/// Recognises media containers by their first bytes. Without ffprobe this is what stands between ingest and a text file
/// or random bytes named `.mkv`: it proves only that the file starts like a container, not that it plays.
/// </summary>
public static class MediaSignature
{
    /// <summary>Bytes <see cref="Recognize"/> looks at: enough for five MPEG-TS packets of 192 bytes.</summary>
    public const int HeadLength = 5 * 192;

    private const int TsPacket = 188;
    private const int M2tsPacket = 192;

    public const string Known = "Matroska/WebM, MP4/MOV, AVI, MPEG-TS, MPEG-PS, FLV or ASF/WMV";

    private static ReadOnlySpan<byte> Ebml => [0x1A, 0x45, 0xDF, 0xA3];

    private static ReadOnlySpan<byte> AsfHeader => [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C];

    /// <summary>The container <paramref name="head"/> (the file's first bytes, or all of a shorter file) starts, or null.</summary>
    public static string? Recognize(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(Ebml))
        {
            return "Matroska/WebM";
        }

        if (head.Length >= 8 && IsQuickTimeAtom(head.Slice(4, 4)))
        {
            return "MP4/MOV";
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head.Slice(8, 4).SequenceEqual("AVI "u8))
        {
            return "AVI";
        }

        if (head.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(head) is 0x000001BA or 0x000001B3)
        {
            return "MPEG-PS";
        }

        if (head.Length >= 4 && head.StartsWith("FLV"u8) && head[3] == 1)
        {
            return "FLV";
        }

        if (head.StartsWith(AsfHeader))
        {
            return "ASF/WMV";
        }

        if (HasSyncBytes(head, 0, TsPacket) || HasSyncBytes(head, 4, M2tsPacket))
        {
            return "MPEG-TS";
        }

        return null;
    }

    /// <summary>ISO base media files start with a box whose type is one of these (ftyp in all modern files; the others
    /// in QuickTime files written before ftyp existed).</summary>
    private static bool IsQuickTimeAtom(ReadOnlySpan<byte> type) =>
        type.SequenceEqual("ftyp"u8) || type.SequenceEqual("moov"u8) || type.SequenceEqual("mdat"u8)
        || type.SequenceEqual("wide"u8) || type.SequenceEqual("free"u8) || type.SequenceEqual("skip"u8);

    /// <summary>A transport stream has 0x47 at the start of every packet; two packets at least, so one stray 'G' is not
    /// taken for a stream.</summary>
    private static bool HasSyncBytes(ReadOnlySpan<byte> head, int first, int packet)
    {
        var packets = 0;
        for (var at = first; at < head.Length; at += packet)
        {
            if (head[at] != 0x47)
            {
                return false;
            }

            packets++;
        }

        return packets >= 2;
    }

    /// <summary>Reads the head of a file and recognises it.</summary>
    public static async Task<string?> RecognizeFileAsync(string path, CancellationToken cancellationToken)
    {
        var head = new byte[HeadLength];
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        return Recognize(head.AsSpan(0, read));
    }
}
