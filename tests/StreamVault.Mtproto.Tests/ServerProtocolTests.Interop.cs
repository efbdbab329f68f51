using System.IO.Compression;
using StreamVault.Mtproto.Tl;
using StreamVault.Mtproto.Transport;

namespace StreamVault.Mtproto.Tests;

/// <summary>What stock clients need from the server: answers instead of dropped connections, both gzip_packed forms, service messages.</summary>
public partial class ServerProtocolTests
{
    private static byte[] Words(params uint[] words) => [.. words.SelectMany(BitConverter.GetBytes)];

    private static async Task<RpcError> RpcErrorForAsync(RawSession s, byte[] body)
    {
        var id = s.Clock.Next();
        await s.SendRawAsync(id, 1, body);
        var got = await s.ReceiveAsync();
        var result = Assert.IsType<RpcResult>(got.Single(x => x.Obj is RpcResult).Obj);
        Assert.Equal(id, result.ReqMsgId);
        return Assert.IsType<RpcError>(new TlReader(result.Result).ReadObject());
    }

    /// <summary>Sends one message and waits for the server's answer to it; returns its msg_id.</summary>
    private static async Task<long> ExchangeAsync(RawSession s, int seq, TlObject body)
    {
        var id = s.Clock.Next();
        await s.SendAsync(id, seq, body);
        await s.ReceiveAsync();
        return id;
    }

    private static async Task AssertStillAnswersPingAsync(RawSession s, long pingId)
    {
        await s.SendAsync(s.Clock.Next(), 3, new PingRequest { PingId = pingId });
        Assert.Contains(await s.ReceiveAsync(), x => x.Obj is Pong p && p.PingId == pingId);
    }

    /// <summary>An unknown method, and upload.getFile whose location has an unknown constructor.</summary>
    [Theory]
    [InlineData(new uint[] { 0xdeadbeef, 0 }, "INPUT_METHOD_INVALID")]
    [InlineData(new uint[] { Upload_GetFileRequest.TlId, 0, 0xdeadbeef, 0, 0, 0 }, "INPUT_CONSTRUCTOR_INVALID")]
    public async Task Unreadable_request_gets_a_400_rpc_error_and_the_connection_stays_usable(uint[] body, string expected)
    {
        await using var server = await TestServer.TestServer.StartAsync();
        await using var s = await OpenAsync(server);
        var error = await RpcErrorForAsync(s, Words(body));
        Assert.Equal((400, expected), (error.ErrorCode, error.ErrorMessage));
        await AssertStillAnswersPingAsync(s, 31);
    }

    [Fact]
    public async Task A_schema_method_the_server_does_not_serve_and_a_truncated_request_get_their_errors()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        await using var s = await OpenAsync(server);
        var notServed = await RpcErrorForAsync(s, Words(0xedd4882a)); // updates.getState: in layer 228, not in the server's types
        Assert.Equal("INPUT_METHOD_INVALID", notServed.ErrorMessage);
        var truncated = await RpcErrorForAsync(s, Words(Contacts_ResolveUsernameRequest.TlId, 0)); // flags, then no username
        Assert.Equal((400, "INPUT_FETCH_ERROR"), (truncated.ErrorCode, truncated.ErrorMessage));
        var badLayer = await RpcErrorForAsync(s, [.. Words(InvokeWithLayerRequest.TlId, 1), .. new Help_GetConfigRequest().Serialize()]);
        Assert.Equal("CONNECTION_LAYER_INVALID", badLayer.ErrorMessage);
        await AssertStillAnswersPingAsync(s, 33);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Gzip_packed_is_read_in_gzip_and_in_zlib_form(bool zlib)
    {
        await using var server = await TestServer.TestServer.StartAsync();
        await using var s = await OpenAsync(server);
        var packed = Compress(new PingRequest { PingId = 900 }.Serialize(), zlib);
        Assert.Equal(zlib, packed[0] == 0x78); // zlib's CMF byte; gzip starts 1f 8b
        var w = new TlWriter();
        w.WriteUInt(TlSchema.GzipPackedId);
        w.WriteBytes(packed);
        await s.SendRawAsync(s.Clock.Next(), 1, w.ToArray());
        Assert.Contains(await s.ReceiveAsync(), x => x.Obj is Pong { PingId: 900 });
        Assert.Equal(1, server.ReceivedCount("gzip_packed"));
    }

    [Fact]
    public void Gunzip_reads_both_forms_and_rejects_other_data_as_tl_errors()
    {
        var data = Hex.Seq(7, 5000);
        Assert.Equal(data, TlSchema.Gunzip(Compress(data, zlib: false)));
        Assert.Equal(data, TlSchema.Gunzip(Compress(data, zlib: true)));
        Assert.Throws<TlException>(() => TlSchema.Gunzip([1, 2, 3, 4]));
        var corrupt = Compress(data, zlib: true);
        corrupt[10] ^= 0xff;
        Assert.Throws<TlException>(() => TlSchema.Gunzip(corrupt));
    }

    private static byte[] Compress(byte[] data, bool zlib)
    {
        using var output = new MemoryStream();
        using (Stream z = zlib ? new ZLibStream(output, CompressionLevel.Optimal) : new GZipStream(output, CompressionLevel.Optimal))
        {
            z.Write(data);
        }

        return output.ToArray();
    }

    [Fact]
    public async Task Msgs_state_req_gets_one_state_byte_per_message()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        await using var s = await OpenAsync(server);
        var ping = await ExchangeAsync(s, 1, new PingRequest { PingId = 1 });
        var call = await ExchangeAsync(s, 3, new Help_GetConfigRequest());
        var ack = s.Clock.Next();
        await s.SendAsync(ack, 4, new MsgsAck { MsgIds = [1] });
        var neverSent = ping + 2; // between two ids the server has (client ids are multiples of 4, so never a real one)
        var tooOld = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1000) << 32;
        var notYet = s.Clock.Next() + (1L << 32);
        var req = s.Clock.Next();
        await s.SendAsync(req, 5, new MsgsStateReq { MsgIds = [ping, call, ack, neverSent, tooOld, notYet] });
        var info = Assert.IsType<MsgsStateInfo>((await s.ReceiveAsync()).Single(x => x.Obj is MsgsStateInfo).Obj);
        Assert.Equal(req, info.ReqMsgId);
        // 4 received; +8 acked (content) or +16 no ack needed; +32+64 an answered query; 2 not received; 1 too old; 3 too new
        Assert.Equal(new byte[] { 4 | 8, 4 | 8 | 32 | 64, 4 | 16, 2, 1, 3 }, info.Info);
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(1, 1)]
    [InlineData(0, 1)]
    [InlineData(1000, 64)]
    public async Task Get_future_salts_returns_num_salts_within_telegrams_bounds(int num, int expected)
    {
        await using var server = await TestServer.TestServer.StartAsync();
        await using var s = await OpenAsync(server);
        var id = s.Clock.Next();
        await s.SendAsync(id, 1, new GetFutureSaltsRequest { Num = num });
        var salts = Assert.IsType<FutureSalts>((await s.ReceiveAsync()).Single(x => x.Obj is FutureSalts).Obj);
        Assert.Equal(id, salts.ReqMsgId);
        Assert.Equal(expected, salts.Salts.Length);
        Assert.Equal(s.Key.Salt, salts.Salts[0].Salt);
        Assert.InRange(salts.Now, salts.Salts[0].ValidSince, salts.Salts[0].ValidUntil);
        for (var i = 1; i < salts.Salts.Length; i++)
        {
            Assert.Equal(salts.Salts[i - 1].ValidUntil, salts.Salts[i].ValidSince);
            Assert.Equal(3600, salts.Salts[i].ValidUntil - salts.Salts[i].ValidSince);
        }

        // The schedule is kept: asking again gives the same salts.
        await s.SendAsync(s.Clock.Next(), 3, new GetFutureSaltsRequest { Num = num });
        var again = Assert.IsType<FutureSalts>((await s.ReceiveAsync()).Single(x => x.Obj is FutureSalts).Obj);
        Assert.Equal(salts.Salts.Select(x => x.Salt), again.Salts.Select(x => x.Salt));
    }

    [Fact]
    public async Task The_server_speaks_tcp_full_and_its_own_client_logs_in_over_it()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        await using (var s = await OpenAsync(server, new TransportOptions(TransportMode.Full)))
        {
            Assert.Equal(TransportMode.Full, s.Transport.Mode);
            await AssertStillAnswersPingAsync(s, 34);
        }

        var botId = server.AddBot("7:full");
        await using var client = new TelegramClient(ServerFixture.Options(server, new TransportOptions(TransportMode.Full)));
        await client.ConnectAsync(ServerFixture.Ct());
        Assert.Equal(botId, (await client.LoginBotAsync("7:full", ServerFixture.Ct())).Id);
    }
}
