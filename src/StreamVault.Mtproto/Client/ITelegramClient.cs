using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto;

/// <summary>The MTProto client surface StreamVault (or anything else) uses.</summary>
public interface ITelegramClient : IAsyncDisposable
{
    /// <summary>Connects to the home DC, creating an auth key if there is none, and loads the DC list.</summary>
    Task ConnectAsync(CancellationToken ct = default);

    Task<TelegramUser> LoginBotAsync(string botToken, CancellationToken ct = default);

    /// <summary>Phone login; <paramref name="codeProvider"/> supplies the code, <paramref name="passwordProvider"/> the 2FA password if needed.</summary>
    Task<TelegramUser> LoginUserAsync(string phone, Func<CancellationToken, Task<string>> codeProvider, Func<CancellationToken, Task<string>>? passwordProvider, CancellationToken ct = default);

    Task<TResult> InvokeAsync<TResult>(TlFunction<TResult> request, CancellationToken ct = default);

    Task<TelegramChannel> ResolveChannelAsync(string username, CancellationToken ct = default);

    Task<UploadedDocument> UploadDocumentAsync(TelegramChannel channel, string fileName, Stream content, IProgress<long>? progress = null, CancellationToken ct = default);

    /// <summary>
    /// Reads [offset, offset+limit) of a document into <paramref name="destination"/>; returns the byte count (short at end of file).
    /// offset and limit must be multiples of 4 KiB, limit must divide 1 MiB and the range must not cross a 1 MiB boundary.
    /// </summary>
    Task<int> DownloadAsync(FileLocation location, long offset, int limit, Memory<byte> destination, CancellationToken ct = default);

    Task<byte[]> DownloadAsync(FileLocation location, long offset, int limit, CancellationToken ct = default);

    Task<IReadOnlyList<ChannelMessage>> GetMessagesAsync(TelegramChannel channel, IReadOnlyList<int> messageIds, CancellationToken ct = default);

    Task<IReadOnlyList<ChannelMessage>> GetHistoryAsync(TelegramChannel channel, int offsetId = 0, int limit = 100, CancellationToken ct = default);

    Task<int> DeleteMessagesAsync(TelegramChannel channel, IReadOnlyList<int> messageIds, CancellationToken ct = default);

    IReadOnlyList<DcAddress> DcList { get; }

    /// <summary>New, edited and deleted posts Telegram pushes about the channels this account is in, while connected.</summary>
    System.Threading.Channels.ChannelReader<ChannelUpdate> ChannelUpdates { get; }
}
