using System.Buffers.Binary;
using StreamVault.Mtproto.TestServer.Layers;
using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto.Tests;

/// <summary>The test server's re-encoding of its layer-228 objects into the layers GramJS (198) and mtcute (227) declare, and back.</summary>
public class LayerTranscoderTests
{
    private static LayerSchema Native => LayerCatalog.Native;

    private static LayerSchema Layer(int n) => LayerCatalog.Get(n) ?? throw new InvalidOperationException($"layer {n} is not embedded");

    private static uint IdOf(byte[] boxed) => BinaryPrimitives.ReadUInt32LittleEndian(boxed);

    [Fact]
    public void The_server_knows_its_own_layer_and_the_two_clients_layers()
    {
        Assert.Equal([198, 227, 228], LayerCatalog.Layers);
        Assert.Equal(TlSchema.Layer, Native.Layer);
        Assert.Equal(User.TlId, Native.ByName["user"].Id);
    }

    [Theory]
    [InlineData(198)]
    [InlineData(227)]
    public void A_config_unchanged_between_layers_is_byte_for_byte_the_same(int layer)
    {
        var config = new Config
        {
            Date = 1, Expires = 2, TestMode = true, ThisDc = 1, DcTxtDomainName = "", MeUrlPrefix = "https://t.me/", CaptionLengthMax = 1024,
            DcOptions = [new DcOption { Id = 1, IpAddress = "127.0.0.1", Port = 443 }, new DcOption { Id = 2, IpAddress = "127.0.0.1", Port = 444, MediaOnly = true }],
            TmpSessions = 5, SuggestedLangCode = "en", LangPackVersion = 3, BaseLangPackVersion = 4,
        };
        var bytes = config.Serialize();
        var encoded = LayerTranscoder.Transcode(bytes, "Config", Native, Layer(layer));
        Assert.Equal(bytes, encoded);
    }

    [Theory]
    [InlineData(198, 0x4b46c37eu)]
    [InlineData(227, 0x31774388u)]
    public void A_user_gets_the_older_layers_constructor_and_loses_fields_that_layer_lacks(int layer, uint olderId)
    {
        var user = new User
        {
            Id = 123456789, AccessHash = -42, FirstName = "bot", Bot = true, Self = true, BotInfoVersion = 1, Phone = "555",
            SendPaidMessagesStars = 7, // flags2.15 in 228, absent in 198
            LinkedCommunityId = 9, // flags2.21 in 228, absent in 198 and 227
        };
        var older = LayerTranscoder.Transcode(user.Serialize(), "User", Native, Layer(layer));
        Assert.Equal(olderId, IdOf(older));
        LayerTranscoder.Validate(older, Layer(layer));

        // Back in 228 the generated reader sees the same user, without what the older layer could not carry.
        var back = Assert.IsType<User>(new TlReader(LayerTranscoder.Transcode(older, "User", Layer(layer), Native)).ReadObject());
        Assert.Equal((user.Id, user.AccessHash, user.FirstName, user.Bot, user.Self, user.BotInfoVersion, user.Phone),
            (back.Id, back.AccessHash, back.FirstName, back.Bot, back.Self, back.BotInfoVersion, back.Phone));
        Assert.Null(back.LinkedCommunityId);
        Assert.Equal(layer == 227 ? 7L : null, back.SendPaidMessagesStars);
    }

    [Fact]
    public void A_channel_message_with_a_document_reaches_layer_198_with_its_flags_recomputed()
    {
        var message = new Message
        {
            Id = 5, PeerId = new PeerChannel { ChannelId = 77 }, Date = 100, Message_ = "caption", Post = true, PaidMessageStars = 3,
            Media = new MessageMediaDocument
            {
                Document = new Document
                {
                    Id = 11, AccessHash = 12, FileReference = [1, 2, 3], Date = 100, MimeType = "application/octet-stream", Size = 1 << 20, DcId = 1,
                    Attributes = [new DocumentAttributeFilename { FileName = "a.mkv" }],
                },
            },
        };
        var updates = new Updates { Updates_ = [new UpdateNewChannelMessage { Message = message, Pts = 2, PtsCount = 1 }], Users = [], Chats = [], Date = 100, Seq = 0 };
        var older = LayerTranscoder.Transcode(updates.Serialize(), "Updates", Native, Layer(198));
        Assert.Equal(Updates.TlId, IdOf(older));
        LayerTranscoder.Validate(older, Layer(198));
        // The 198 message constructor sits after updates, the vector header, its count and the update's id.
        Assert.Equal(0x96fdbbe9u, BinaryPrimitives.ReadUInt32LittleEndian(older.AsSpan(4 + 4 + 4 + 4)));

        var back = Assert.IsType<Updates>(new TlReader(LayerTranscoder.Transcode(older, "Updates", Layer(198), Native)).ReadObject());
        var m = Assert.IsType<Message>(Assert.IsType<UpdateNewChannelMessage>(Assert.Single(back.Updates_)).Message);
        Assert.Equal((5, 100, "caption", true), (m.Id, m.Date, m.Message_, m.Post));
        Assert.Null(m.PaidMessageStars); // flags2.6 exists only in 228: dropped, and its bit cleared
        var doc = Assert.IsType<Document>(Assert.IsType<MessageMediaDocument>(m.Media).Document);
        Assert.Equal((11L, 12L, 1L << 20, "a.mkv"), (doc.Id, doc.AccessHash, doc.Size, Assert.IsType<DocumentAttributeFilename>(Assert.Single(doc.Attributes)).FileName));
    }

    [Fact]
    public void A_request_of_an_older_layer_is_read_as_the_servers_layer()
    {
        // messages.sendMedia#7852834e of layer 198, as GramJS sends it, written with the 198 schema from the 228 request.
        var request = new Messages_SendMediaRequest
        {
            Peer = new InputPeerChannel { ChannelId = 1, AccessHash = 2 }, Message = "", RandomId = 99, Silent = true,
            Media = new InputMediaUploadedDocument { File = new InputFileBig { Id = 3, Parts = 4, Name = "f" }, MimeType = "x/y", Attributes = [] },
        };
        var older = LayerTranscoder.TranscodeObject(request.Serialize(), Native, Layer(198));
        Assert.Equal(0x7852834eu, IdOf(older));
        var read = Assert.IsType<Messages_SendMediaRequest>(new TlReader(LayerTranscoder.TranscodeObject(older, Layer(198), Native)).ReadObject());
        Assert.Equal((99L, true, 3L), (read.RandomId, read.Silent, Assert.IsType<InputFileBig>(Assert.IsType<InputMediaUploadedDocument>(read.Media).File).Id));
    }

    [Fact]
    public void Fields_new_in_the_target_get_zero_values_and_flag_bits_move_with_their_field()
    {
        var from = LayerSchema.Parse(1, "thing#00000001 flags:# a:int b:flags.0?string on:flags.1?true = Thing;");
        var to = LayerSchema.Parse(2, "thing#00000002 flags:# on:flags.4?true a:int c:long d:Vector<int> e:Bool s:string b:flags.3?string = Thing;");
        var w = new TlWriter();
        w.WriteUInt(1);
        w.WriteUInt(0b11);
        w.WriteInt(7);
        w.WriteString("hi");
        var encoded = LayerTranscoder.Transcode(w.ToArray(), "Thing", from, to);

        var r = new TlReader(encoded);
        Assert.Equal(2u, r.ReadUInt());
        Assert.Equal((1u << 3) | (1u << 4), r.ReadUInt());
        Assert.Equal(7, r.ReadInt());
        Assert.Equal(0L, r.ReadLong());
        Assert.Empty(r.ReadVector(x => x.ReadInt()));
        Assert.False(r.ReadBool());
        Assert.Equal("", r.ReadString());
        Assert.Equal("hi", r.ReadString());
        Assert.Equal(0, r.Remaining);
    }

    [Fact]
    public void A_constructor_missing_from_the_target_or_a_required_object_field_is_a_clear_error()
    {
        var from = LayerSchema.Parse(1, "old#00000001 = Thing;\nbox#00000003 = Box;");
        var to = LayerSchema.Parse(2, "new#00000002 = Thing;\nbox#00000004 inner:Thing = Box;");
        var missing = Assert.Throws<LayerTranscodeException>(() => LayerTranscoder.Transcode(BitConverter.GetBytes(1u), "Thing", from, to));
        Assert.Contains("old does not exist in layer 2", missing.Message, StringComparison.Ordinal);
        var required = Assert.Throws<LayerTranscodeException>(() => LayerTranscoder.Transcode(BitConverter.GetBytes(3u), "Box", from, to));
        Assert.Contains("box.inner (Thing) is required in layer 2", required.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<UnknownConstructorException>(() => LayerTranscoder.Validate(BitConverter.GetBytes(0xdeadbeefu), from));
        Assert.True(unknown.TopLevel);
    }
}
