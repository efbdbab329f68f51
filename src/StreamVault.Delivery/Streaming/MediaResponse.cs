using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using StreamVault.Catalog;
using StreamVault.Data.Entities;
using StreamVault.Vaults;
using StreamVault.Web.Ranges.Http;

namespace StreamVault.Delivery.Streaming;

/// <summary>Chooses how a media file's bytes reach the response: sendfile for a local single-part replica, the byte
/// source (parts, remote vaults, slice cache) otherwise. Range, conditional and multipart handling is the same for both.</summary>
internal static class MediaResponse
{
    /// <summary>The representation of each cached lookup, built once: the lookup cache hands out the same lookup for a
    /// few seconds, and a thousand requests a second for one title need not hash its ETag a thousand times.</summary>
    private static readonly ConditionalWeakTable<MediaLookup, RangeFileRepresentation> Representations = [];

    public static IResult Create(MediaLookup lookup, bool asDownload, IVaultRegistry vaults, IMediaByteSource bytes)
    {
        var file = lookup.File;
        var representation = Representations.GetValue(lookup, static lookup => RepresentationOf(lookup.File));
        if (asDownload)
        {
            representation = representation with { DownloadName = file.OriginalName };
        }

        if (vaults.FindLocalFile(lookup.Media) is { } path)
        {
            return RangeFileResult.PhysicalFile(path, representation);
        }

        var media = lookup.Media;
        return RangeFileResult.FromWriter(representation, (offset, count, destination, ct) => bytes.CopyRangeAsync(media, offset, count, destination, ct));
    }

    private static RangeFileRepresentation RepresentationOf(MediaFile file) =>
        new(file.Size, MediaContentTypes.ForFileName("x." + file.Container))
        {
            ETag = ETagFor(file.PublicId, file.ContentVersion, file.Size),
            LastModified = new DateTimeOffset(DateTime.SpecifyKind(file.CreatedAt, DateTimeKind.Utc)),
        };

    /// <summary>Strong validator of one content version: changes whenever the bytes behind the public id change. Built
    /// from public facts only and hashed, so it carries no database id (white label) and reads as opaque; the same on every
    /// node, so an nginx cache in front validates alike whichever node answered.</summary>
    internal static string ETagFor(string publicId, int contentVersion, long size)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{publicId}\n{contentVersion}\n{size}")), hash);
        return $"\"{Base64Url.EncodeToString(hash[..12])}\"";
    }
}
