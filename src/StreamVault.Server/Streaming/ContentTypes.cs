namespace StreamVault.Server.Streaming;

internal static class ContentTypes
{
    public static string ForExtension(string? extension) => extension?.TrimStart('.').ToLowerInvariant() switch
    {
        "mp4" or "m4v" => "video/mp4",
        "mkv" => "video/x-matroska",
        "webm" => "video/webm",
        "avi" => "video/x-msvideo",
        "mov" => "video/quicktime",
        "ts" or "m2ts" => "video/mp2t",
        "wmv" => "video/x-ms-wmv",
        "flv" => "video/x-flv",
        "mpg" or "mpeg" => "video/mpeg",
        "srt" => "application/x-subrip",
        "vtt" => "text/vtt",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    };
}
