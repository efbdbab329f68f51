using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StreamVault.Catalog.Ingest;
using StreamVault.Core.Releases;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Vaults;
using StreamVault.Vaults.Channels;

namespace StreamVault.Catalog.Import;

public enum PostOutcome
{
    Added,
    AlreadyPresent,

    /// <summary>Not a video (text, a picture, a document that is not media): counted and left alone.</summary>
    Skipped,
}

/// <summary>
/// Puts one channel post (or the ordered posts of a split upload) into the catalogue in place: the documents become
/// the replica's parts (no re-upload), the release name comes from the file name or the caption, the facts from
/// ffprobe over a few slices, and <see cref="CatalogWriter"/> groups it into title, quality, season and episode as
/// ingest does. Import and auto-index both go through here.
/// </summary>
public sealed class ChannelPostCatalogue(CatalogDbContext db, CatalogWriter writer, ChannelMediaProbe probe, MediaLookupCache lookups, TimeProvider time)
{
    /// <summary>The fingerprint of a channel document: Telegram's document id is the same wherever the file is posted
    /// or forwarded, so a file imported from two channels is one catalogue entry.</summary>
    internal static string Fingerprint(ChannelDocument first) => string.Create(CultureInfo.InvariantCulture, $"tgdoc:{first.DocumentId}");

    public async Task<(PostOutcome Outcome, string? TitleName)> AddAsync(ChannelImport channel, IReadOnlyList<ChannelPost> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(parts);
        var documents = parts.Select(p => p.Document).OfType<ChannelDocument>().ToList();
        if (documents.Count == 0 || documents.Count != parts.Count)
        {
            return (PostOutcome.Skipped, null);
        }

        var fingerprint = Fingerprint(documents[0]);
        var existing = await db.MediaFiles.Where(m => m.Fingerprint == fingerprint).Select(m => (long?)m.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is { } known)
        {
            await RecordPostsAsync(channel, parts, known, cancellationToken);
            return (PostOutcome.AlreadyPresent, null);
        }

        var wholeName = parts.Count > 1 ? SplitUploadName.Parse(documents[0].FileName)?.WholeName ?? documents[0].FileName : documents[0].FileName;
        var (fileName, release) = ChooseName(wholeName, parts[0].Caption, documents[0].MimeType);
        if (!LooksLikeVideo(documents[0], fileName))
        {
            return (PostOutcome.Skipped, null);
        }

        var stored = new StoredObject(channel.VaultId, [.. documents.Select((d, i) => new StoredPart(i, d.Locator, d.Size))]);
        var check = await probe.CheckAsync(stored, fileName, -Math.Max(1, documents[0].DocumentId & long.MaxValue), cancellationToken);
        if (check.Refusal is not null)
        {
            return (PostOutcome.Skipped, null);
        }

        // Without ffprobe, the poster's video attribute is the best source of duration and frame size.
        var facts = check.Facts ?? (documents[0].Video is { } v ? new ProbeResult(v.DurationSeconds, v.Width, v.Height, null, null, []) : null);
        // CRC-32 is left 0: computing it would download the whole file, which import exists to avoid.
        var draft = new MediaDraft(fileName, fingerprint, release, facts, stored, 0, []);
        Title title;
        try
        {
            title = await writer.AddAsync(draft, cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            db.ChannelImports.Attach(channel).State = EntityState.Modified; // the caller keeps saving its cursor on it
            if (!await db.MediaFiles.AnyAsync(m => m.Fingerprint == fingerprint, CancellationToken.None))
            {
                throw;
            }

            // Auto-index and an import saw the same post at once; the other one recorded it.
            return (PostOutcome.AlreadyPresent, null);
        }

        var mediaId = await db.MediaFiles.Where(m => m.Fingerprint == fingerprint).Select(m => m.Id).FirstAsync(cancellationToken);
        await RecordPostsAsync(channel, parts, mediaId, cancellationToken);
        return (PostOutcome.Added, title.Name);
    }

    /// <summary>The post was deleted in the channel: its media file becomes a tombstone (410), and its title too once
    /// nothing of it is left. Returns whether anything changed.</summary>
    public async Task<bool> TombstoneAsync(ChannelImport channel, int messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var file = await db.ImportedPosts.Where(p => p.ChannelImportId == channel.Id && p.MessageId == messageId)
            .Select(p => p.MediaFile).FirstOrDefaultAsync(cancellationToken);
        if (file is null || file.RemovedAt is not null)
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        file.RemovedAt = now;
        if (!await db.MediaFiles.AnyAsync(m => m.TitleId == file.TitleId && m.Id != file.Id && m.RemovedAt == null, cancellationToken)
            && await db.Titles.FindAsync([file.TitleId], cancellationToken) is { } title)
        {
            title.RemovedAt ??= now;
            title.RemovalReason = "deleted from its channel";
        }

        db.Audit.Add(new AuditEntry { At = now, Actor = "auto-index", Action = "media.remove", Target = file.PublicId, Detail = $"post {messageId} of @{channel.Username} was deleted" });
        await db.SaveChangesAsync(cancellationToken);
        lookups.Forget(file.PublicId);
        return true;
    }

    /// <summary>Which name to read the release from: the file name, unless the caption says more (many posters name
    /// files "video.mp4" and write the release in the caption). The chosen name keeps the file's extension.</summary>
    internal static (string FileName, ReleaseInfo Release) ChooseName(string? fileName, string caption, string? mimeType)
    {
        var extension = Path.GetExtension(fileName ?? "") is { Length: > 1 } e ? e : ExtensionFor(mimeType);
        var captionLine = (caption ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        captionLine = captionLine is null ? null : new string([.. captionLine.Take(200).Where(c => !char.IsControl(c) && c is not ('/' or '\\'))]).Trim();
        var fromFile = string.IsNullOrWhiteSpace(fileName) ? null : ReleaseNameParser.Parse(fileName);
        var fromCaption = string.IsNullOrWhiteSpace(captionLine) ? null : ReleaseNameParser.Parse(captionLine + extension);
        if (fromCaption is not null && (fromFile is null || Score(fromCaption) > Score(fromFile)))
        {
            return (captionLine + extension, fromCaption);
        }

        return fromFile is not null ? (fileName!, fromFile) : ("untitled" + extension, ReleaseNameParser.Parse("untitled" + extension));
    }

    private static int Score(ReleaseInfo release) =>
        (release.Year is null ? 0 : 1) + (release.IsEpisode ? 2 : 0) + (release.Quality == Core.Catalog.QualityBucket.Other ? 0 : 1);

    private static string ExtensionFor(string? mimeType) => mimeType switch
    {
        "video/mp4" => ".mp4",
        "video/webm" => ".webm",
        "video/x-matroska" => ".mkv",
        "video/quicktime" => ".mov",
        "video/x-msvideo" => ".avi",
        _ => ".mkv",
    };

    /// <summary>Worth probing: a video MIME type, a video attribute, or a media file name. Pictures, archives and
    /// texts are skipped without spending a request on them.</summary>
    private static bool LooksLikeVideo(ChannelDocument document, string fileName) =>
        document.Video is not null
        || document.MimeType?.StartsWith("video/", StringComparison.OrdinalIgnoreCase) == true
        || IngestService.MediaExtensions.Contains(Path.GetExtension(fileName));

    private async Task RecordPostsAsync(ChannelImport channel, IReadOnlyList<ChannelPost> parts, long mediaFileId, CancellationToken cancellationToken)
    {
        var ids = parts.Select(p => p.MessageId).ToList();
        var recorded = await db.ImportedPosts.Where(p => p.ChannelImportId == channel.Id && ids.Contains(p.MessageId)).Select(p => p.MessageId).ToListAsync(cancellationToken);
        foreach (var id in ids.Except(recorded))
        {
            db.ImportedPosts.Add(new ImportedPost { ChannelImportId = channel.Id, MessageId = id, MediaFileId = mediaFileId });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
