using System.Buffers;
using System.Security.Cryptography;
using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto;

public sealed partial class TelegramClient
{
    private const int PartSize = FileParts.UploadPartSize;
    private const long SmallFileLimit = FileParts.SmallFileLimit;
    private const int Slice = FileParts.MaxDownloadChunk;

    /// <summary>
    /// Uploads <paramref name="content"/> (seekable; from its current position to its end) as a channel document in
    /// 512 KiB parts. Each part, and the final messages.sendMedia, is retried on its own (<see cref="TelegramClientOptions.UploadAttempts"/> attempts each):
    /// a multi-GiB document restarted from its first byte after every FLOOD_WAIT would never finish.
    /// </summary>
    public async Task<UploadedDocument> UploadDocumentAsync(TelegramChannel channel, string fileName, Stream content, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            throw new ArgumentException("the upload stream must be seekable (its length is part of the protocol)", nameof(content));
        }

        var size = content.Length - content.Position;
        if (size <= 0)
        {
            throw new ArgumentException("cannot upload an empty file", nameof(content));
        }

        var parts = (int)((size + PartSize - 1) / PartSize);
        var big = size > SmallFileLimit;
        var fileId = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
        var buffer = ArrayPool<byte>.Shared.Rent(PartSize);
        try
        {
            long sent = 0;
            for (var part = 0; part < parts; part++)
            {
                var n = (int)Math.Min(PartSize, size - sent);
                await content.ReadExactlyAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                // The part's bytes stay in memory until it is accepted, so a retry re-sends them without seeking back.
                var bytes = buffer.AsSpan(0, n).ToArray();
                TlFunction<bool> call = big
                    ? new Upload_SaveBigFilePartRequest { FileId = fileId, FilePart = part, FileTotalParts = parts, Bytes = bytes }
                    : new Upload_SaveFilePartRequest { FileId = fileId, FilePart = part, Bytes = bytes };
                if (!await _uploadRetries.RunAsync(() => InvokeAsync(call, ct), fileName, part, parts, ct).ConfigureAwait(false))
                {
                    throw new UploadFailedException(fileName, part, parts, 1, new IOException($"server refused part {part}"));
                }

                sent += n;
                progress?.Report(sent);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        InputFileBase file = big
            ? new InputFileBig { Id = fileId, Parts = parts, Name = fileName }
            : new InputFile { Id = fileId, Parts = parts, Name = fileName, Md5Checksum = "" };
        var send = new Messages_SendMediaRequest
        {
            Peer = new InputPeerChannel { ChannelId = channel.Id, AccessHash = channel.AccessHash },
            Media = new InputMediaUploadedDocument
            {
                ForceFile = true, File = file, MimeType = "application/octet-stream",
                Attributes = [new DocumentAttributeFilename { FileName = fileName }],
            },
            Message = "",
            // One random id for every attempt: Telegram posts a message once per random id, so a retry cannot duplicate it.
            RandomId = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)),
        };
        var updates = await _uploadRetries.RunAsync(() => InvokeAsync(send, ct), fileName, null, parts, ct).ConfigureAwait(false);
        var message = MessagesOf(updates).FirstOrDefault() ?? throw new InvalidDataException("sendMedia returned no message");
        var info = ToChannelMessage(channel, message);
        var loc = info.Document ?? throw new InvalidDataException("sent message carries no document");
        if (loc.Size != size)
        {
            throw new IOException($"Telegram stored {loc.Size} bytes of {fileName}, not {size}");
        }

        return new UploadedDocument(info.Id, loc.DocumentId, loc.Size, loc);
    }

    private static IEnumerable<Message> MessagesOf(UpdatesBase updates)
    {
        var list = updates switch
        {
            Updates u => u.Updates_,
            UpdatesCombined c => c.Updates,
            UpdateShort s => [s.Update],
            _ => [],
        };
        foreach (var up in list)
        {
            if (up is UpdateNewChannelMessage { Message: Message m1 })
            {
                yield return m1;
            }
            else if (up is UpdateNewMessage { Message: Message m2 })
            {
                yield return m2;
            }
        }
    }

    private static ChannelMessage ToChannelMessage(TelegramChannel channel, MessageBase m)
    {
        if (m is not Message msg)
        {
            return m is MessageEmpty e
                ? new ChannelMessage(e.Id, 0, "", null, null, Empty: true)
                : new ChannelMessage(m is MessageService service ? service.Id : 0, 0, "", null, null); // a service message: it exists, holds nothing
        }

        FileLocation? loc = null;
        string? name = null, mime = null;
        VideoAttributes? video = null;
        if (msg.Media is MessageMediaDocument { Document: Document d })
        {
            loc = new FileLocation(d.Id, d.AccessHash, d.FileReference, d.DcId, d.Size, channel, msg.Id);
            name = d.Attributes.OfType<DocumentAttributeFilename>().FirstOrDefault()?.FileName;
            mime = d.MimeType;
            video = d.Attributes.OfType<DocumentAttributeVideo>().Select(v => new VideoAttributes(v.Duration, v.W, v.H)).FirstOrDefault();
        }
        return new ChannelMessage(msg.Id, msg.Date, msg.Message_, name, loc, mime, video);
    }

    private static IReadOnlyList<ChannelMessage> ToChannelMessages(TelegramChannel channel, Messages_MessagesBase result)
    {
        var messages = result switch
        {
            Messages_ChannelMessages c => c.Messages,
            Messages_Messages m => m.Messages,
            Messages_MessagesSlice s => s.Messages,
            _ => [],
        };
        return [.. messages.Select(m => ToChannelMessage(channel, m))];
    }

    public async Task<IReadOnlyList<ChannelMessage>> GetMessagesAsync(TelegramChannel channel, IReadOnlyList<int> messageIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var result = await InvokeAsync(new Channels_GetMessagesRequest
        {
            Channel = new InputChannel { ChannelId = channel.Id, AccessHash = channel.AccessHash },
            Id = [.. messageIds.Select(id => (InputMessageBase)new InputMessageID { Id = id })],
        }, ct).ConfigureAwait(false);
        return ToChannelMessages(channel, result);
    }

    public async Task<IReadOnlyList<ChannelMessage>> GetHistoryAsync(TelegramChannel channel, int offsetId = 0, int limit = 100, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var result = await InvokeAsync(new Messages_GetHistoryRequest
        {
            Peer = new InputPeerChannel { ChannelId = channel.Id, AccessHash = channel.AccessHash }, OffsetId = offsetId, Limit = limit,
        }, ct).ConfigureAwait(false);
        return ToChannelMessages(channel, result);
    }

    public async Task<int> DeleteMessagesAsync(TelegramChannel channel, IReadOnlyList<int> messageIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var affected = (Messages_AffectedMessages)await InvokeAsync(new Channels_DeleteMessagesRequest
        {
            Channel = new InputChannel { ChannelId = channel.Id, AccessHash = channel.AccessHash }, Id = [.. messageIds],
        }, ct).ConfigureAwait(false);
        return affected.PtsCount;
    }

    public async Task<byte[]> DownloadAsync(FileLocation location, long offset, int limit, CancellationToken ct = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(limit);
        try
        {
            var n = await DownloadAsync(location, offset, limit, buffer.AsMemory(0, limit), ct).ConfigureAwait(false);
            return buffer.AsSpan(0, n).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<int> DownloadAsync(FileLocation location, long offset, int limit, Memory<byte> destination, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (offset < 0 || offset % 4096 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), "offset must be a non-negative multiple of 4 KiB");
        }

        if (limit <= 0 || limit % 4096 != 0 || Slice % limit != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), "limit must be a multiple of 4 KiB that divides 1 MiB");
        }

        if (offset / Slice != (offset + limit - 1) / Slice)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), "the range must not cross a 1 MiB boundary");
        }

        if (destination.Length < limit)
        {
            throw new ArgumentException("destination is smaller than limit", nameof(destination));
        }

        var refreshed = false;
        for (var hop = 0; ; hop++)
        {
            var dc = location.DcId == 0 ? _homeDc : location.DcId;
            var session = await AuthorizedSessionAsync(dc, ct).ConfigureAwait(false);
            var request = new Upload_GetFileRequest
            {
                Precise = true,
                Location = new InputDocumentFileLocation { Id = location.DocumentId, AccessHash = location.AccessHash, FileReference = location.FileReference, ThumbSize = "" },
                Offset = offset,
                Limit = limit,
            };
            try
            {
                // The reader runs on the receive loop while the decrypted frame is alive: bytes go straight to the caller's buffer.
                return (int)await session.InvokeAsync(request, r => (object)ReadFileInto(r, destination), ct).ConfigureAwait(false);
            }
            catch (FileMigrateException m) when (hop < 3 && m.Dc != dc)
            {
                location.DcId = m.Dc;
            }
            catch (FileReferenceExpiredException) when (!refreshed)
            {
                refreshed = true;
                await RefreshFileReferenceAsync(location, ct).ConfigureAwait(false);
            }
        }
    }

    private static int ReadFileInto(TlReader r, Memory<byte> destination)
    {
        var id = r.ReadUInt();
        if (id == Upload_FileCdnRedirect.TlId)
        {
            throw new CdnRedirectNotSupportedException(Upload_FileCdnRedirect.ReadBare(r).DcId);
        }

        if (id != Upload_File.TlId)
        {
            throw new InvalidDataException($"unexpected upload.getFile answer 0x{id:x8}");
        }

        r.ReadObject(); // storage.FileType
        r.ReadInt(); // mtime
        var bytes = r.ReadBytesMemory();
        if (bytes.Length > destination.Length)
        {
            throw new InvalidDataException("server returned more than the requested limit");
        }

        bytes.CopyTo(destination);
        return bytes.Length;
    }

    private async Task RefreshFileReferenceAsync(FileLocation location, CancellationToken ct)
    {
        var messages = await GetMessagesAsync(location.Channel, [location.MessageId], ct).ConfigureAwait(false);
        var fresh = messages.FirstOrDefault(m => m.Document?.DocumentId == location.DocumentId)?.Document
            ?? throw new FileReferenceExpiredException(400, "FILE_REFERENCE_EXPIRED (message no longer holds the document)");
        location.FileReference = fresh.FileReference;
    }
}
