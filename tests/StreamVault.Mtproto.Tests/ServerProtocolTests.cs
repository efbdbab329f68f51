using System.Security.Cryptography;
using StreamVault.Mtproto.Crypto;
using StreamVault.Mtproto.Protocol;
using StreamVault.Mtproto.Tl;
using StreamVault.Mtproto.Transport;

namespace StreamVault.Mtproto.Tests;

/// <summary>Drives the test server with hand-built MTProto messages to check its side of the spec.</summary>
public partial class ServerProtocolTests
{
    private sealed class RawSession : IAsyncDisposable
    {
        public required MtTransport Transport { get; init; }
        public required AuthKeyResult Key { get; init; }
        public MsgIdClock Clock { get; } = new(TimeProvider.System);
        public long SessionId { get; } = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));

        public Task SendAsync(long msgId, int seq, TlObject body, long? salt = null) => SendRawAsync(msgId, seq, body.Serialize(), salt);

        public async Task SendRawAsync(long msgId, int seq, byte[] body, long? salt = null)
            => await Transport.SendAsync(MessageCodec.EncodeEncrypted(Key.AuthKey, salt ?? Key.Salt, SessionId, msgId, seq, body, fromServer: false), ServerFixture.Ct());

        /// <summary>Receives one packet and flattens containers.</summary>
        public async Task<List<(long MsgId, int Seq, TlObject Obj)>> ReceiveAsync()
        {
            using var frame = await Transport.ReceiveAsync(ServerFixture.Ct());
            var msg = MessageCodec.DecodeEncrypted(Key.AuthKey, frame.Memory, fromServer: true);
            Assert.Equal(SessionId, msg.SessionId);
            var list = new List<(long, int, TlObject)>();
            var obj = new TlReader(msg.Body.ToArray()).ReadObject();
            if (obj is MsgContainer c)
            {
                list.AddRange(c.Messages.Select(m => (m.MsgId, m.SeqNo, new TlReader(m.Body.ToArray()).ReadObject())));
            }
            else
            {
                list.Add((msg.MsgId, msg.SeqNo, obj));
            }

            return list;
        }

        public ValueTask DisposeAsync() => Transport.DisposeAsync();
    }

    private static async Task<RawSession> OpenAsync(TestServer.TestServer server, TransportOptions? transport = null)
    {
        var t = await MtTransport.ConnectAsync(server.Endpoints[1], transport ?? new TransportOptions(), ServerFixture.Ct());
        var clock = new MsgIdClock(TimeProvider.System);
        var key = await AuthKeyExchange.CreateAsync(t, RsaPublicKey.ParsePem(server.PublicKeyPem), 1, clock, ServerFixture.Ct());
        return new RawSession { Transport = t, Key = key };
    }

    [Fact]
    public async Task First_message_gets_new_session_created_then_pong_with_odd_server_msg_ids()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        await using var s = await OpenAsync(server);
        var pingMsg = s.Clock.Next();
        await s.SendAsync(pingMsg, 1, new PingRequest { PingId = 77 });
        var got = await s.ReceiveAsync();
        var created = Assert.IsType<NewSessionCreated>(got.Single(x => x.Obj is NewSessionCreated).Obj);
        Assert.Equal(pingMsg, created.FirstMsgId);
        Assert.Equal(s.Key.Salt, created.ServerSalt);
        var pong = Assert.IsType<Pong>(got.Single(x => x.Obj is Pong).Obj);
        Assert.Equal(77, pong.PingId);
        Assert.Equal(pingMsg, pong.MsgId);
        Assert.Contains(got, x => x.Obj is MsgsAck a && a.MsgIds.Contains(pingMsg));
        Assert.All(got, x => Assert.Equal(1, x.MsgId & 1));
    }

    [Fact]
    public async Task Msg_id_not_divisible_by_four_gets_code_18_and_old_msg_id_code_16()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        await using var s = await OpenAsync(server);
        var bad = s.Clock.Next() + 2;
        await s.SendAsync(bad, 1, new PingRequest { PingId = 1 });
        var n = Assert.IsType<BadMsgNotification>(Assert.Single(await s.ReceiveAsync()).Obj);
        Assert.Equal(18, n.ErrorCode);
        Assert.Equal(bad, n.BadMsgId);
        var old = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1000) << 32;
        await s.SendAsync(old, 3, new PingRequest { PingId = 2 });
        Assert.Equal(16, Assert.IsType<BadMsgNotification>(Assert.Single(await s.ReceiveAsync()).Obj).ErrorCode);
        var future = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1000) << 32;
        await s.SendAsync(future, 5, new PingRequest { PingId = 3 });
        Assert.Equal(17, Assert.IsType<BadMsgNotification>(Assert.Single(await s.ReceiveAsync()).Obj).ErrorCode);
    }

    [Fact]
    public async Task Wrong_salt_gets_bad_server_salt_with_the_valid_one()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        await using var s = await OpenAsync(server);
        var id = s.Clock.Next();
        await s.SendAsync(id, 1, new PingRequest { PingId = 5 }, salt: s.Key.Salt ^ 0x55);
        var b = Assert.IsType<BadServerSalt>(Assert.Single(await s.ReceiveAsync()).Obj);
        Assert.Equal(48, b.ErrorCode);
        Assert.Equal(id, b.BadMsgId);
        Assert.Equal(s.Key.Salt, b.NewServerSalt);
    }

    [Fact]
    public async Task Container_of_two_pings_gets_both_pongs_and_unauthorized_call_is_401()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        await using var s = await OpenAsync(server);
        var c = new MsgContainer();
        var a = s.Clock.Next();
        var b = s.Clock.Next();
        var call = s.Clock.Next();
        c.Messages.Add(new ContainerMessage(a, 1, new PingRequest { PingId = 10 }.Serialize()));
        c.Messages.Add(new ContainerMessage(b, 3, new PingRequest { PingId = 11 }.Serialize()));
        c.Messages.Add(new ContainerMessage(call, 5, new Contacts_ResolveUsernameRequest { Username = "x" }.Serialize()));
        await s.SendAsync(s.Clock.Next(), 6, c);
        var got = await s.ReceiveAsync();
        Assert.Equal(new long[] { 10, 11 }, got.Select(x => x.Obj).OfType<Pong>().Select(p => p.PingId).Order());
        var rr = Assert.IsType<RpcResult>(got.Single(x => x.Obj is RpcResult).Obj);
        Assert.Equal(call, rr.ReqMsgId);
        var err = Assert.IsType<RpcError>(new TlReader(rr.Result).ReadObject());
        Assert.Equal(401, err.ErrorCode);
        Assert.Equal("AUTH_KEY_UNREGISTERED", err.ErrorMessage);
        // content messages get odd seq_no
        Assert.Equal(1, got.Single(x => x.Obj is RpcResult).Seq & 1);
    }

    [Fact]
    public async Task Unanswered_call_times_out_on_the_client()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        server.AddBot("1:bot");
        server.AddChannel("slow");
        var options = ServerFixture.Options(server);
        options.RequestTimeout = TimeSpan.FromSeconds(1);
        await using var client = new TelegramClient(options);
        await client.ConnectAsync(ServerFixture.Ct());
        await client.LoginBotAsync("1:bot", ServerFixture.Ct());
        server.Faults.UnansweredMethods.Add("contacts.resolveUsername");
        await Assert.ThrowsAsync<TimeoutException>(() => client.ResolveChannelAsync("slow", ServerFixture.Ct()));
        server.Faults.UnansweredMethods.Clear();
        Assert.NotEqual(0, (await client.ResolveChannelAsync("slow", ServerFixture.Ct())).Id);
    }
}
