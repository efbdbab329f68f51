namespace StreamVault.Mtproto;

/// <summary>Telegram's file transfer limits, as the protocol states them.</summary>
public static class FileParts
{
    /// <summary>upload.getFile: the largest limit, and a boundary no request may cross (offset and limit are multiples
    /// of 4 KiB and the limit divides 1 MiB).</summary>
    public const int MaxDownloadChunk = 1024 * 1024;

    /// <summary>upload.getFile: offsets and limits are multiples of this.</summary>
    public const int DownloadAlignment = 4096;

    /// <summary>upload.saveFilePart / saveBigFilePart: the part size used (the largest Telegram accepts).</summary>
    public const int UploadPartSize = 512 * 1024;

    /// <summary>Files above this size are uploaded with upload.saveBigFilePart.</summary>
    public const long SmallFileLimit = 10 * 1024 * 1024;
}
