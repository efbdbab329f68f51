using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using StreamVault.Mtproto;
using StreamVault.Mtproto.Tl;
using StreamVault.Mtproto.Transport;
using TgFloodWait = StreamVault.Mtproto.FloodWaitException;

namespace StreamVault.Vaults.Telegram;

/// <summary>
/// Uploads one staged part as a channel document, retrying each 512 KiB file part on its own: FLOOD_WAIT_X waits X
/// (never less) and a dropped connection re-sends only the part in flight. (The library's UploadDocumentAsync gives up
/// on the first error, and restarting a 2 GiB document from its first byte after every FLOOD_WAIT never finishes.)
/// </summary>
internal static class ChannelUpload
{
    private const int PartSize = FileParts.UploadPartSize;
    private const long SmallFileLimit = FileParts.SmallFileLimit;
    private const int Attempts = 8;

    public static async Task<(int MessageId, int Dc)> UploadAsync(
        TelegramClient client, TelegramChannel channel, string fileName, Stream content, IProgress<long>? progress, TimeProvider time, ILogger logger, CancellationToken ct)
    {
        var size = content.Length;
        var parts = (int)((size + PartSize - 1) / PartSize);
        var big = size > SmallFileLimit;
        var fileId = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
        var buffer = new byte[PartSize];
        long sent = 0;
        for (var part = 0; part < parts; part++)
        {
            var n = (int)Math.Min(PartSize, size - sent);
            content.Position = sent;
            await content.ReadExactlyAsync(buffer.AsMemory(0, n), ct);
            var bytes = buffer.AsSpan(0, n).ToArray();
            TlFunction<bool> call = big
                ? new Upload_SaveBigFilePartRequest { FileId = fileId, FilePart = part, FileTotalParts = parts, Bytes = bytes }
                : new Upload_SaveFilePartRequest { FileId = fileId, FilePart = part, Bytes = bytes };
            if (!await WithRetriesAsync(() => client.InvokeAsync(call, ct), $"{fileName} part {part}", time, logger, ct))
            {
                throw new IOException($"Telegram refused part {part} of {fileName}.");
            }

            sent += n;
            progress?.Report(sent);
        }

        InputFileBase file = big
            ? new InputFileBig { Id = fileId, Parts = parts, Name = fileName }
            : new InputFile { Id = fileId, Parts = parts, Name = fileName, Md5Checksum = "" };
        var send = new Messages_SendMediaRequest
        {
            Peer = new InputPeerChannel { ChannelId = channel.Id, AccessHash = channel.AccessHash },
            Media = new InputMediaUploadedDocument
            {
                ForceFile = true,
                File = file,
                MimeType = "application/octet-stream",
                Attributes = [new DocumentAttributeFilename { FileName = fileName }],
            },
            Message = "",
            RandomId = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)), // same id on a retry: Telegram posts once
        };
        var updates = await WithRetriesAsync(() => client.InvokeAsync(send, ct), $"{fileName} (send)", time, logger, ct);
        var list = updates switch
        {
            Updates u => u.Updates_,
            UpdatesCombined c => c.Updates,
            UpdateShort s => [s.Update],
            _ => [],
        };
        foreach (var update in list)
        {
            if (update is UpdateNewChannelMessage { Message: Message { Media: MessageMediaDocument { Document: Document document } } message })
            {
                if (document.Size != size)
                {
                    throw new IOException($"Telegram stored {document.Size} bytes of {fileName}, not {size}.");
                }

                return (message.Id, document.DcId);
            }
        }

        throw new InvalidDataException($"Telegram answered the upload of {fileName} without the channel message.");
    }

    private static async Task<T> WithRetriesAsync<T>(Func<Task<T>> call, string what, TimeProvider time, ILogger logger, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (TgFloodWait flood) when (attempt < Attempts)
            {
                logger.LogWarning("Upload of {What}: FLOOD_WAIT_{Seconds}; waiting.", what, flood.Seconds);
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, flood.Seconds)), time, ct);
            }
            catch (Exception ex) when (attempt < Attempts && ex is IOException or TimeoutException or TransportException or System.Net.Sockets.SocketException)
            {
                logger.LogWarning(ex, "Upload of {What} failed; sending it again.", what);
            }
        }
    }
}
