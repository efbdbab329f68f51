using StreamVault.Core.Http;

namespace StreamVault.Web.Ranges.Http;

/// <summary>
/// The representation a <see cref="RangeFileResult"/> serves: its length and type, its validators,
/// and an optional download name that turns the response into an attachment.
/// </summary>
public sealed record RangeFileRepresentation(long Length, string ContentType)
{
    /// <summary>Full ETag field value, quotes included (e.g. <c>"665a1b2c-300011"</c>); null sends none.</summary>
    public string? ETag { get; init; }

    /// <summary>Last modification time; sent and compared at whole seconds.</summary>
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>When set, <c>Content-Disposition: attachment</c> with this name, sanitised.</summary>
    public string? DownloadName { get; init; }

    internal RepresentationInfo Info => new(Length, ETag, LastModified);

    /// <summary>
    /// Describes a file on disk with nginx's validators (ETag <c>"hex mtime-hex size"</c>, Last-Modified = mtime)
    /// and a content type from its extension unless given.
    /// </summary>
    public static RangeFileRepresentation ForFile(string path, string? contentType = null)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException("File to serve does not exist.", path);
        }

        var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
        return new RangeFileRepresentation(info.Length, contentType ?? MediaContentTypes.ForFileName(path))
        {
            ETag = EntityTag.ForFile(modified, info.Length),
            LastModified = modified,
        };
    }
}
