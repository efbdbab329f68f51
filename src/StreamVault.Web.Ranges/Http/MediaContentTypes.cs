using System.Collections.Frozen;

namespace StreamVault.Web.Ranges.Http;

/// <summary>Content types by container/file extension for what StreamVault serves: video, audio, subtitles, packs, pages.</summary>
public static class MediaContentTypes
{
    public const string Fallback = "application/octet-stream";

    private static readonly FrozenDictionary<string, string> ByExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        // video containers
        ["mkv"] = "video/x-matroska",
        ["mk3d"] = "video/x-matroska",
        ["mp4"] = "video/mp4",
        ["m4v"] = "video/mp4",
        ["webm"] = "video/webm",
        ["avi"] = "video/x-msvideo",
        ["mov"] = "video/quicktime",
        ["ts"] = "video/mp2t",
        ["m2ts"] = "video/mp2t",
        ["mts"] = "video/mp2t",
        ["mpg"] = "video/mpeg",
        ["mpeg"] = "video/mpeg",
        ["ogv"] = "video/ogg",
        ["flv"] = "video/x-flv",
        ["wmv"] = "video/x-ms-wmv",
        ["3gp"] = "video/3gpp",
        // audio
        ["mka"] = "audio/x-matroska",
        ["m4a"] = "audio/mp4",
        ["mp3"] = "audio/mpeg",
        ["aac"] = "audio/aac",
        ["flac"] = "audio/flac",
        ["ogg"] = "audio/ogg",
        ["opus"] = "audio/ogg",
        ["wav"] = "audio/wav",
        // subtitles and playlists
        ["srt"] = "application/x-subrip",
        ["vtt"] = "text/vtt",
        ["ass"] = "text/x-ssa",
        ["ssa"] = "text/x-ssa",
        ["m3u8"] = "application/vnd.apple.mpegurl",
        // packs and pages (ReadVault)
        ["zip"] = "application/zip",
        ["cbz"] = "application/vnd.comicbook+zip",
        ["jpg"] = "image/jpeg",
        ["jpeg"] = "image/jpeg",
        ["png"] = "image/png",
        ["webp"] = "image/webp",
        ["gif"] = "image/gif",
        ["avif"] = "image/avif",
        ["pdf"] = "application/pdf",
        ["json"] = "application/json",
        ["txt"] = "text/plain",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The type for a file name or path by its extension; <see cref="Fallback"/> when unknown or absent.</summary>
    public static string ForFileName(string? fileName)
    {
        var extension = Path.GetExtension(fileName.AsSpan());
        return extension.Length > 1 && TryGetForExtension(extension[1..].ToString(), out var type) ? type : Fallback;
    }

    /// <summary>Looks an extension up, with or without its leading dot, case-insensitively.</summary>
    public static bool TryGetForExtension(string extension, out string contentType)
    {
        ArgumentNullException.ThrowIfNull(extension);
        if (ByExtension.TryGetValue(extension.TrimStart('.'), out var found))
        {
            contentType = found;
            return true;
        }

        contentType = Fallback;
        return false;
    }
}
