using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto.Tests;

public class TlTests
{
    private static T RoundTrip<T>(T obj) where T : TlObject
    {
        var bytes = obj.Serialize();
        var r = new TlReader(bytes);
        var back = r.ReadObject();
        Assert.Equal(0, r.Remaining);
        Assert.Equal(bytes, back.Serialize());
        return Assert.IsType<T>(back);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 4)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(253, 256)]
    [InlineData(254, 260)]
    [InlineData(255, 260)]
    [InlineData(1000, 1004)]
    [InlineData(70000, 70004)]
    public void Bytes_are_length_prefixed_and_padded_to_four(int length, int expectedWire)
    {
        var data = Hex.Seq(7, length);
        var w = new TlWriter();
        w.WriteBytes(data);
        Assert.Equal(expectedWire, w.Length);
        Assert.Equal(0, w.Length % 4);
        if (length >= 254)
        {
            Assert.Equal(254, w.WrittenSpan[0]);
            Assert.Equal(length, w.WrittenSpan[1] | (w.WrittenSpan[2] << 8) | (w.WrittenSpan[3] << 16));
        }
        else
        {
            Assert.Equal(length, w.WrittenSpan[0]);
        }
        var r = new TlReader(w.ToArray());
        Assert.Equal(data, r.ReadBytes());
        Assert.Equal(0, r.Remaining);
    }

    [Fact]
    public void Sample_pq_string_matches_official_example()
    {
        // auth_key_sample.txt: pq = 081503491A5532EFE1000000
        var r = new TlReader(Hex.B("081503491A5532EFE1000000"));
        var pq = r.ReadBytes();
        Assert.Equal(1514134277173997537UL, System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(pq));
    }

    [Fact]
    public void Primitives_round_trip_little_endian()
    {
        var w = new TlWriter();
        w.WriteInt(-2);
        w.WriteLong(0x0102030405060708);
        w.WriteDouble(1.5);
        w.WriteString("héllo");
        w.WriteBool(true);
        w.WriteBool(false);
        var bytes = w.ToArray();
        Assert.Equal(new byte[] { 0xfe, 0xff, 0xff, 0xff, 8, 7, 6, 5, 4, 3, 2, 1 }, bytes[..12]);
        var r = new TlReader(bytes);
        Assert.Equal(-2, r.ReadInt());
        Assert.Equal(0x0102030405060708, r.ReadLong());
        Assert.Equal(1.5, r.ReadDouble());
        Assert.Equal("héllo", r.ReadString());
        Assert.True(r.ReadBool());
        Assert.False(r.ReadBool());
        Assert.Equal(0, r.Remaining);
    }

    [Fact]
    public void ResPQ_matches_official_sample_bytes()
    {
        // Body of step 2 of auth_key_sample.txt (after auth_key_id, msg_id, length).
        var body = Hex.B("63241605 37D3746B7F006B2C54257AF5763139A5 1A320B7B03E28A32871E3E5EE3861063 081503491A5532EFE1000000 15c4b51c 03000000 85FD64DE851D9DD0 A5B7F709355FC30B 216BE86C022BB4C3");
        var res = Assert.IsType<ResPQ>(new TlReader(body).ReadObject());
        Assert.Equal(Hex.B("37D3746B7F006B2C54257AF5763139A5"), res.Nonce);
        Assert.Equal(3, res.ServerPublicKeyFingerprints.Length);
        Assert.Equal(unchecked((long)0xD09D1D85DE64FD85), res.ServerPublicKeyFingerprints[0]);
        Assert.Equal(body, res.Serialize());
    }

    [Fact]
    public void ReqDHParams_matches_official_sample_header()
    {
        var req = new ReqDHParamsRequest
        {
            Nonce = Hex.B("37D3746B7F006B2C54257AF5763139A5"),
            ServerNonce = Hex.B("1A320B7B03E28A32871E3E5EE3861063"),
            P = Hex.B("3ED33403"),
            Q = Hex.B("559F914B"),
            PublicKeyFingerprint = unchecked((long)0xD09D1D85DE64FD85),
            EncryptedData = new byte[256],
        };
        var bytes = req.Serialize();
        Assert.Equal(320, bytes.Length);
        Assert.Equal(Hex.B("BEE412D737D3746B7F006B2C54257AF5763139A51A320B7B03E28A32871E3E5EE3861063043ED3340300000004559F914B00000085FD64DE851D9DD0FE000100"), bytes[..64]);
    }

    [Fact]
    public void Flags_and_conditional_fields_round_trip()
    {
        var get = new Upload_GetFileRequest
        {
            Precise = true,
            CdnSupported = false,
            Location = new InputDocumentFileLocation { Id = 5, AccessHash = -6, FileReference = [1, 2, 3], ThumbSize = "" },
            Offset = 1 << 20,
            Limit = 1 << 20,
        };
        var bytes = get.Serialize();
        Assert.Equal(1u, BitConverter.ToUInt32(bytes, 4)); // only bit 0 set
        var back = RoundTrip(get);
        Assert.True(back.Precise);
        Assert.False(back.CdnSupported);
        var loc = Assert.IsType<InputDocumentFileLocation>(back.Location);
        Assert.Equal(new byte[] { 1, 2, 3 }, loc.FileReference);
        Assert.Equal(1 << 20, back.Limit);
    }

    [Fact]
    public void Optional_value_fields_set_their_flag_bits()
    {
        var send = new Messages_SendMediaRequest
        {
            Peer = new InputPeerChannel { ChannelId = 10, AccessHash = 11 },
            Media = new InputMediaUploadedDocument
            {
                File = new InputFileBig { Id = 1, Parts = 3, Name = "a.mkv" },
                MimeType = "video/x-matroska",
                Attributes = [new DocumentAttributeFilename { FileName = "a.mkv" }],
            },
            Message = "",
            RandomId = 42,
            ScheduleDate = 1234,
        };
        var back = RoundTrip(send);
        Assert.Equal(1234, back.ScheduleDate);
        Assert.Null(back.ReplyTo);
        var media = Assert.IsType<InputMediaUploadedDocument>(back.Media);
        Assert.Equal("a.mkv", Assert.IsType<DocumentAttributeFilename>(Assert.Single(media.Attributes)).FileName);
        Assert.Null(media.Thumb);
    }

    [Fact]
    public void Boxed_vector_of_longs_and_bare_vector()
    {
        var ack = RoundTrip(new MsgsAck { MsgIds = [1, 2, long.MaxValue] });
        Assert.Equal(new long[] { 1, 2, long.MaxValue }, ack.MsgIds);
        var bytes = ack.Serialize();
        Assert.Equal(TlSchema.VectorId, BitConverter.ToUInt32(bytes, 4));

        var salts = new FutureSalts { ReqMsgId = 9, Now = 10, Salts = [new FutureSalt { ValidSince = 1, ValidUntil = 2, Salt = 3 }] };
        var sb = salts.Serialize();
        // bare vector<future_salt>: count then bare items, no vector or item constructor ids
        Assert.Equal(1, BitConverter.ToInt32(sb, 16));
        Assert.Equal(1, BitConverter.ToInt32(sb, 20));
        Assert.Equal(3, RoundTrip(salts).Salts[0].Salt);
    }

    [Fact]
    public void Function_result_vector_of_longs_is_read_by_the_function()
    {
        var w = new TlWriter();
        w.WriteVector(new long[] { 4, 5 }, static (w, x) => w.WriteLong(x));
        var f = new Upload_GetFileHashesStub();
        Assert.Equal(new long[] { 4, 5 }, f.ReadTypedResult(new TlReader(w.ToArray())));
    }

    private sealed class Upload_GetFileHashesStub : TlFunction<long[]>
    {
        public override uint ConstructorId => 1;
        public override void WriteBare(TlWriter w) { }
        public override long[] ReadTypedResult(TlReader r) => r.ReadVector(static r => r.ReadLong());
    }

    [Fact]
    public void Gzip_packed_is_transparently_decompressed()
    {
        var pong = new Pong { MsgId = 77, PingId = 88 };
        var packed = TlSchema.GzipPacked(pong.Serialize());
        Assert.Equal(TlSchema.GzipPackedId, BitConverter.ToUInt32(packed, 0));
        var back = Assert.IsType<Pong>(new TlReader(packed).ReadObject());
        Assert.Equal(88, back.PingId);
    }

    [Fact]
    public void Msg_container_and_rpc_result_and_rpc_error()
    {
        var err = new RpcError { ErrorCode = 420, ErrorMessage = "FLOOD_WAIT_3" };
        var rr = new RpcResult { ReqMsgId = 123, Result = err.Serialize() };
        var c = new MsgContainer();
        c.Messages.Add(new ContainerMessage(1000, 1, rr.Serialize()));
        c.Messages.Add(new ContainerMessage(1004, 2, new Pong { MsgId = 1, PingId = 2 }.Serialize()));
        var back = Assert.IsType<MsgContainer>(new TlReader(c.Serialize()).ReadObject());
        Assert.Equal(2, back.Messages.Count);
        Assert.Equal(1004, back.Messages[1].MsgId);
        var rr2 = Assert.IsType<RpcResult>(new TlReader(back.Messages[0].Body).ReadObject());
        Assert.Equal(123, rr2.ReqMsgId);
        var err2 = Assert.IsType<RpcError>(new TlReader(rr2.Result).ReadObject());
        Assert.Equal("FLOOD_WAIT_3", err2.ErrorMessage);
        Assert.Equal(420, err2.ErrorCode);
    }

    [Fact]
    public void Generic_invokeWithLayer_initConnection_delegates_result_reading()
    {
        var inner = new Help_GetConfigRequest();
        var call = new InvokeWithLayerRequest
        {
            Layer = TlSchema.Layer,
            Query = new InitConnectionRequest
            {
                ApiId = 1, DeviceModel = "d", SystemVersion = "s", AppVersion = "a",
                SystemLangCode = "en", LangPack = "", LangCode = "en", Query = inner,
            },
        };
        var back = RoundTrip(call);
        Assert.Equal(228, back.Layer);
        Assert.IsType<Help_GetConfigRequest>(Assert.IsType<InitConnectionRequest>(back.Query).Query);
        var w = new TlWriter();
        w.WriteBool(true);
        Assert.Equal(true, new Auth_LogOutStubWrapper().ReadResult(new TlReader(w.ToArray())));
    }

    private sealed class Auth_LogOutStubWrapper : TlFunction<bool>
    {
        public override uint ConstructorId => 2;
        public override void WriteBare(TlWriter w) { }
        public override bool ReadTypedResult(TlReader r) => r.ReadBool();
    }

    [Fact]
    public void Truncated_or_unknown_data_throws_TlException()
    {
        Assert.Throws<TlException>(() => new TlReader(new byte[] { 1, 2 }).ReadInt());
        Assert.Throws<TlException>(() => new TlReader(new byte[] { 0xEF, 0xBE, 0xAD, 0xDE }).ReadObject());
        Assert.Throws<TlException>(() => new TlReader(new byte[] { 10, 1, 2, 3 }).ReadBytes());
    }
}
