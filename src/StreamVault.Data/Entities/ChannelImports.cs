namespace StreamVault.Data.Entities;

/// <summary>
/// A channel whose existing posts are (being) imported into the catalogue, read in place from a channel vault.
/// <see cref="Cursor"/> makes an interrupted import resume: every message up to it has been looked at.
/// </summary>
public sealed class ChannelImport
{
    public long Id { get; set; }

    /// <summary>The vault whose sessions read the channel (its replicas name this vault).</summary>
    public required string VaultId { get; set; }

    /// <summary>Telegram's channel id: stays on the server, never shown to visitors.</summary>
    public long ChannelId { get; set; }

    public required string Username { get; set; }

    /// <summary>The highest message id such that every message up to it was imported, skipped or found empty.</summary>
    public int Cursor { get; set; }

    /// <summary>The newest message id seen, for progress (the channel may have grown since).</summary>
    public int NewestSeen { get; set; }

    /// <summary>New, edited and deleted posts are indexed as they happen.</summary>
    public bool AutoIndex { get; set; }

    public int ImportedCount { get; set; }

    public int SkippedCount { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public ICollection<ImportedPost> Posts { get; } = [];
}

/// <summary>Which channel message became which media file (for a split upload, one row per part message), so edits and
/// deletions of the post reach the catalogue.</summary>
public sealed class ImportedPost
{
    public long Id { get; set; }

    public long ChannelImportId { get; set; }

    public int MessageId { get; set; }

    public long MediaFileId { get; set; }

    public MediaFile? MediaFile { get; set; }
}
