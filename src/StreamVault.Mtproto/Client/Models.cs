namespace StreamVault.Mtproto;

/// <summary>A channel as the API addresses it.</summary>
public sealed record TelegramChannel(long Id, long AccessHash);

public sealed record TelegramUser(long Id, string FirstName, bool IsBot);

/// <summary>
/// Where a document's bytes live. <see cref="FileReference"/> is refreshed in place when Telegram reports it expired,
/// which is why the channel and message are kept alongside.
/// </summary>
public sealed class FileLocation(long documentId, long accessHash, byte[] fileReference, int dcId, long size, TelegramChannel channel, int messageId)
{
    private byte[] _fileReference = fileReference;

    public long DocumentId { get; } = documentId;

    public long AccessHash { get; } = accessHash;

    public byte[] FileReference { get => Volatile.Read(ref _fileReference); internal set => Volatile.Write(ref _fileReference, value); }

    /// <summary>DC the document is stored on (document.dc_id, updated by FILE_MIGRATE).</summary>
    public int DcId { get; internal set; } = dcId;

    public long Size { get; } = size;

    public TelegramChannel Channel { get; } = channel;

    public int MessageId { get; } = messageId;
}

/// <summary>A channel message as read by id. <paramref name="Empty"/>: Telegram answered messageEmpty (deleted, or past the
/// newest id). <paramref name="MimeType"/> and <paramref name="Video"/> describe the document, when there is one.</summary>
public sealed record ChannelMessage(int Id, int Date, string Text, string? FileName, FileLocation? Document, string? MimeType = null, VideoAttributes? Video = null, bool Empty = false);

/// <summary>What documentAttributeVideo says of a document: duration in seconds and the frame size.</summary>
public sealed record VideoAttributes(double DurationSeconds, int Width, int Height);

public sealed record UploadedDocument(int MessageId, long DocumentId, long Size, FileLocation Location);

/// <summary>A DC address from help.getConfig.</summary>
public sealed record DcAddress(int Id, string Host, int Port, bool MediaOnly);

/// <summary>An answer that arrived for a call no longer waiting for it (timed out, cancelled or failed): dropped unread.</summary>
public sealed record DroppedAnswer(int Dc, long RequestMsgId);

public enum ChannelUpdateKind
{
    /// <summary>updateNewChannelMessage: a post appeared.</summary>
    Posted,

    /// <summary>updateEditChannelMessage: a post's caption or media changed.</summary>
    Edited,

    /// <summary>updateDeleteChannelMessages: posts were deleted.</summary>
    Deleted,
}

/// <summary>
/// An update Telegram pushed about a channel's posts (the client is a member or admin of the channel): the channel
/// (its id, without the Bot API's -100 prefix), the message ids, and the channel's pts after it. Every account in a
/// channel is sent the same update with the same <paramref name="Pts"/>, which is how copies from several sessions are
/// told apart from new events.
/// </summary>
public sealed record ChannelUpdate(ChannelUpdateKind Kind, long ChannelId, IReadOnlyList<int> MessageIds, int Pts);
