using System.Security.Cryptography;
using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto.TestServer;

/// <summary>Uploads, documents and channel messages.</summary>
internal sealed partial class RpcHandlers
{
    private const int Slice = FileParts.MaxDownloadChunk;

    private byte[] SavePart(AuthKeyInfo key, long fileId, int part, int? totalParts, byte[] bytes)
    {
        var u = RequireUser(key);
        state.UploadPartArrivals.Enqueue(new UploadPartArrival(fileId, part, state.Time.GetUtcNow()));
        if (state.Faults.TakeUploadPartFault(part, drop: false) is { } fault)
        {
            throw new ServerRpcException(fault.Code, fault.Message!);
        }

        if (part < 0 || (totalParts is { } t && (part >= t || t > 8000)))
        {
            throw new ServerRpcException(400, "FILE_PART_INVALID");
        }
        // Telegram requires part sizes divisible by 1 KiB that divide 512 KiB (only the last part may be shorter).
        if (bytes.Length == 0 || bytes.Length > PartSize)
        {
            throw new ServerRpcException(400, "FILE_PART_SIZE_INVALID");
        }

        lock (state.Sync)
        {
            if (!state.Uploads.TryGetValue((u.Id, fileId), out var parts))
            {
                state.Uploads[(u.Id, fileId)] = parts = [];
            }

            parts[part] = bytes;
        }
        return new TlWriterBool(true).Bytes;
    }

    private Updates SendMedia(AuthKeyInfo key, Messages_SendMediaRequest r)
    {
        var u = RequireUser(key);
        if (r.Media is not InputMediaUploadedDocument media)
        {
            throw new ServerRpcException(400, "MEDIA_INVALID");
        }

        var (fileId, parts, name) = media.File switch
        {
            InputFileBig b => (b.Id, b.Parts, b.Name),
            InputFile f => (f.Id, f.Parts, f.Name),
            _ => throw new ServerRpcException(400, "FILE_PARTS_INVALID"),
        };
        var fileName = media.Attributes.OfType<DocumentAttributeFilename>().FirstOrDefault()?.FileName ?? name;
        lock (state.Sync)
        {
            var ch = Channel(r.Peer);
            if (!state.Uploads.Remove((u.Id, fileId), out var stored) || stored.Count != parts || stored.Keys.Last() != parts - 1)
            {
                throw new ServerRpcException(400, "FILE_PARTS_INVALID");
            }

            if (stored.Take(parts - 1).Any(p => p.Value.Length != stored[0].Length))
            {
                throw new ServerRpcException(400, "FILE_PARTS_INVALID");
            }

            var data = new byte[stored.Values.Sum(p => (long)p.Length)];
            var pos = 0;
            foreach (var p in stored.Values)
            {
                p.CopyTo(data, pos);
                pos += p.Length;
            }
            var doc = AddDocument(data, fileName, state.Faults.DocumentsDc ?? dcId);
            var msg = AddMessage(ch, doc, r.Message, key);
            return new Updates
            {
                Updates_ =
                [
                    new UpdateMessageID { Id = msg.Id, RandomId = r.RandomId },
                    new UpdateNewChannelMessage { Message = MessageObject(ch, msg), Pts = ch.Pts, PtsCount = 1 },
                ],
                Users = [], Chats = [ChannelObject(ch)], Date = (int)state.NowSeconds, Seq = 0,
            };
        }
    }

    internal StoredDocument AddDocument(byte[] data, string fileName, int docDc, string? mimeType = null, TestVideo? video = null)
    {
        var doc = new StoredDocument
        {
            Id = state.NextId(), AccessHash = state.NextId(), Data = data, DcId = docDc, FileName = fileName,
            MimeType = mimeType ?? "application/octet-stream", Video = video,
            FileReference = RandomNumberGenerator.GetBytes(16), Date = (int)state.NowSeconds,
        };
        state.Documents[doc.Id] = doc;
        return doc;
    }

    /// <summary>A new post; its members are sent updateNewChannelMessage (the <paramref name="author"/>'s session gets it
    /// in its call's answer instead). Called under <see cref="ServerState.Sync"/>.</summary>
    internal StoredMessage AddMessage(StoredChannel ch, StoredDocument? doc, string text, AuthKeyInfo? author = null)
    {
        var msg = new StoredMessage { Id = ch.NextMessageId++, Date = (int)state.NowSeconds, Document = doc, Text = text };
        ch.Messages[msg.Id] = msg;
        ch.Pts++;
        state.Publish(ch, ChannelUpdates(ch, new UpdateNewChannelMessage { Message = MessageObject(ch, msg), Pts = ch.Pts, PtsCount = 1 }), author);
        return msg;
    }

    /// <summary>A post's caption changed; members are sent updateEditChannelMessage. Called under <see cref="ServerState.Sync"/>.</summary>
    internal void EditMessage(StoredChannel ch, StoredMessage msg, string text)
    {
        msg.Text = text;
        msg.EditDate = (int)state.NowSeconds;
        ch.Pts++;
        state.Publish(ch, ChannelUpdates(ch, new UpdateEditChannelMessage { Message = MessageObject(ch, msg), Pts = ch.Pts, PtsCount = 1 }));
    }

    /// <summary>Deletes posts; members are sent one updateShort(updateDeleteChannelMessages) for the ids that existed.
    /// Returns how many did. Called under <see cref="ServerState.Sync"/>.</summary>
    internal int DeleteMessages(StoredChannel ch, IEnumerable<int> ids, AuthKeyInfo? author = null)
    {
        int[] removed = [.. ids.Where(ch.Messages.Remove)];
        ch.Pts += removed.Length;
        if (removed.Length > 0)
        {
            var update = new UpdateDeleteChannelMessages { ChannelId = ch.Id, Messages = removed, Pts = ch.Pts, PtsCount = removed.Length };
            state.Publish(ch, new UpdateShort { Update = update, Date = (int)state.NowSeconds }, author);
        }

        return removed.Length;
    }

    /// <summary>How Telegram pushes a channel's message update: in an updates object carrying the channel.</summary>
    private Updates ChannelUpdates(StoredChannel ch, UpdateBase update) =>
        new() { Updates_ = [update], Users = [], Chats = [ChannelObject(ch)], Date = (int)state.NowSeconds, Seq = 0 };

    private StoredChannel Channel(InputPeerBase peer) => peer switch
    {
        InputPeerChannel p => Channel(p.ChannelId, p.AccessHash),
        _ => throw new ServerRpcException(400, "PEER_ID_INVALID"),
    };

    private StoredChannel Channel(InputChannelBase channel) => channel switch
    {
        InputChannel c => Channel(c.ChannelId, c.AccessHash),
        _ => throw new ServerRpcException(400, "CHANNEL_INVALID"),
    };

    private StoredChannel Channel(long id, long accessHash)
        => state.Channels.TryGetValue(id, out var ch) && ch.AccessHash == accessHash ? ch : throw new ServerRpcException(400, "CHANNEL_INVALID");

    internal static MessageBase MessageObject(StoredChannel ch, StoredMessage m)
    {
        MessageMediaBase? media = null;
        if (m.Document is { } d)
        {
            List<DocumentAttributeBase> attributes = [new DocumentAttributeFilename { FileName = d.FileName }];
            if (d.Video is { } v)
            {
                attributes.Add(new DocumentAttributeVideo { Duration = v.DurationSeconds, W = v.Width, H = v.Height, SupportsStreaming = true });
            }

            media = new MessageMediaDocument
            {
                Document = new Document
                {
                    Id = d.Id, AccessHash = d.AccessHash, FileReference = d.FileReference, Date = d.Date, MimeType = d.MimeType,
                    Size = d.Data.Length, DcId = d.DcId, Attributes = [.. attributes],
                },
            };
        }
        return new Message { Id = m.Id, PeerId = new PeerChannel { ChannelId = ch.Id }, Date = m.Date, Message_ = m.Text, Media = media, Post = true, EditDate = m.EditDate };
    }

    private Messages_ChannelMessages GetMessages(AuthKeyInfo key, Channels_GetMessagesRequest r)
    {
        RequireUser(key);
        lock (state.Sync)
        {
            var ch = Channel(r.Channel);
            var list = new List<MessageBase>();
            foreach (var im in r.Id)
            {
                if (im is not InputMessageID id)
                {
                    throw new ServerRpcException(400, "MESSAGE_IDS_EMPTY");
                }

                list.Add(ch.Messages.TryGetValue(id.Id, out var m) ? MessageObject(ch, m) : new MessageEmpty { Id = id.Id });
            }
            return new Messages_ChannelMessages { Pts = ch.Pts, Count = list.Count, Messages = [.. list], Topics = [], Chats = [ChannelObject(ch)], Users = [] };
        }
    }

    private Messages_ChannelMessages GetHistory(AuthKeyInfo key, Messages_GetHistoryRequest r)
    {
        RequireUser(key);
        lock (state.Sync)
        {
            var ch = Channel(r.Peer);
            var limit = Math.Clamp(r.Limit, 1, 100);
            var msgs = ch.Messages.Values.Reverse()
                .Where(m => (r.OffsetId <= 0 || m.Id < r.OffsetId) && (r.MaxId <= 0 || m.Id < r.MaxId) && m.Id > r.MinId)
                .Skip(Math.Max(0, r.AddOffset)).Take(limit).Select(m => MessageObject(ch, m)).ToArray();
            return new Messages_ChannelMessages { Pts = ch.Pts, Count = ch.Messages.Count, Messages = msgs, Topics = [], Chats = [ChannelObject(ch)], Users = [] };
        }
    }

    private Messages_AffectedMessages DeleteMessages(AuthKeyInfo key, Channels_DeleteMessagesRequest r)
    {
        RequireUser(key);
        lock (state.Sync)
        {
            var ch = Channel(r.Channel);
            var n = DeleteMessages(ch, r.Id, key);
            return new Messages_AffectedMessages { Pts = ch.Pts, PtsCount = n };
        }
    }

    private byte[] GetFile(AuthKeyInfo key, Upload_GetFileRequest r)
    {
        if (r.Location is not InputDocumentFileLocation loc)
        {
            throw new ServerRpcException(400, "LOCATION_INVALID");
        }

        StoredDocument? doc;
        lock (state.Sync)
        {
            state.Documents.TryGetValue(loc.Id, out doc);
        }

        if (doc is null || doc.AccessHash != loc.AccessHash)
        {
            throw new ServerRpcException(400, "FILE_ID_INVALID");
        }

        if (doc.DcId != dcId)
        {
            throw new ServerRpcException(303, $"FILE_MIGRATE_{doc.DcId}");
        }

        RequireUser(key);
        if (!loc.FileReference.AsSpan().SequenceEqual(doc.FileReference))
        {
            throw new ServerRpcException(400, "FILE_REFERENCE_EXPIRED");
        }

        if (r.Offset < 0 || r.Offset % 4096 != 0)
        {
            throw new ServerRpcException(400, "OFFSET_INVALID");
        }

        if (r.Limit <= 0 || r.Limit % 4096 != 0 || Slice % r.Limit != 0 || r.Offset / Slice != (r.Offset + r.Limit - 1) / Slice)
        {
            throw new ServerRpcException(400, "LIMIT_INVALID");
        }

        if (state.Faults.RedirectDownloadsToCdn)
        {
            return new Upload_FileCdnRedirect
            {
                DcId = state.Faults.CdnDc, FileToken = RandomNumberGenerator.GetBytes(16),
                EncryptionKey = RandomNumberGenerator.GetBytes(32), EncryptionIv = RandomNumberGenerator.GetBytes(16), FileHashes = [],
            }.Serialize();
        }

        var start = (int)Math.Min(r.Offset, doc.Data.Length);
        var count = Math.Min(r.Limit, doc.Data.Length - start);
        var w = new TlWriter(count + 32);
        w.WriteUInt(Upload_File.TlId);
        new Storage_FilePartial().Write(w);
        w.WriteInt(doc.Date);
        w.WriteBytes(doc.Data.AsSpan(start, count));
        return w.ToArray();
    }

    private readonly struct TlWriterBool(bool value)
    {
        public byte[] Bytes { get; } = BitConverter.GetBytes(value ? TlSchema.BoolTrue : TlSchema.BoolFalse);
    }
}
