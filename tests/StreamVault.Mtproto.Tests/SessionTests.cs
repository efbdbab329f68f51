using StreamVault.Mtproto.Protocol;
using StreamVault.Mtproto.Tl;
using StreamVault.Mtproto.Transport;

namespace StreamVault.Mtproto.Tests;

public class SessionTests
{
    [Fact]
    public async Task Test_server_key_is_written_as_pkcs1_pem_with_a_fingerprint()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        Assert.StartsWith("-----BEGIN RSA PUBLIC KEY-----", server.PublicKeyPem, StringComparison.Ordinal);
        var parsed = Assert.Single(Crypto.RsaPublicKey.ParsePem(server.PublicKeyPem));
        Assert.Equal(server.PublicKey.Fingerprint, parsed.Fingerprint);
        Assert.Equal(2048, (int)parsed.Modulus.GetBitLength());
    }

    [Theory]
    [InlineData(TransportMode.Intermediate, false)]
    [InlineData(TransportMode.Abridged, true)]
    [InlineData(TransportMode.PaddedIntermediate, true)]
    public async Task Client_creates_auth_key_and_logs_in_as_bot(TransportMode mode, bool obfuscated)
    {
        await using var server = await TestServer.TestServer.StartAsync();
        var botId = server.AddBot("42:token");
        await using var client = new TelegramClient(ServerFixture.Options(server, new TransportOptions(mode, obfuscated)));
        await client.ConnectAsync(ServerFixture.Ct());
        Assert.Contains(client.DcList, d => d.Id == 2);
        var me = await client.LoginBotAsync("42:token", ServerFixture.Ct());
        Assert.Equal(botId, me.Id);
        Assert.True(me.IsBot);
        Assert.NotEqual(0, await client.PingAsync(ServerFixture.Ct()));
        Assert.Equal(1, server.CallCount("auth.importBotAuthorization"));
    }

    [Fact]
    public async Task Wrong_bot_token_is_a_typed_rpc_error()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        await using var client = new TelegramClient(ServerFixture.Options(server));
        await client.ConnectAsync(ServerFixture.Ct());
        var e = await Assert.ThrowsAsync<RpcErrorException>(() => client.LoginBotAsync("nope", ServerFixture.Ct()));
        Assert.Equal(401, e.Code);
        Assert.Equal("ACCESS_TOKEN_INVALID", e.ErrorMessage);
    }

    [Fact]
    public async Task Bad_server_salt_is_retried_transparently()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        server.AddBot("1:bot");
        await using var client = await ServerFixture.BotAsync(server);
        server.RotateSalts();
        var ch = server.AddChannel("vault");
        var resolved = await client.ResolveChannelAsync("vault", ServerFixture.Ct());
        Assert.Equal(ch.Id, resolved.Id);
    }

    [Fact]
    public async Task Clock_skew_bad_msg_notification_resyncs_and_retries()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        server.AddBot("1:bot");
        var ch = server.AddChannel("vault");
        await using var client = await ServerFixture.BotAsync(server);
        // The server now lives 10 minutes in the future: our msg_ids are "too low" (16) until we adopt its clock.
        server.ClockSkew = TimeSpan.FromMinutes(10);
        var resolved = await client.ResolveChannelAsync("vault", ServerFixture.Ct());
        Assert.Equal(ch.AccessHash, resolved.AccessHash);
        Assert.InRange(client.SessionFor(1)!.Clock.OffsetSeconds, 590, 610);
    }

    [Fact]
    public async Task Dropped_connection_reconnects_and_resends()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        server.AddBot("1:bot");
        server.AddChannel("vault");
        await using var client = await ServerFixture.BotAsync(server);
        server.Faults.DropConnectionAfterCalls(1);
        var resolved = await client.ResolveChannelAsync("vault", ServerFixture.Ct());
        Assert.NotEqual(0, resolved.Id);
        Assert.Equal(1, client.SessionFor(1)!.Reconnects);
    }

    [Fact]
    public async Task Forgotten_auth_key_surfaces_transport_error_404()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        server.AddBot("1:bot");
        await using var client = await ServerFixture.BotAsync(server);
        server.ForgetAuthKeys();
        var e = await Assert.ThrowsAsync<TransportException>(() => client.ResolveChannelAsync("x", ServerFixture.Ct()));
        Assert.Equal(-404, e.Code);
    }

    [Fact]
    public async Task Unknown_username_is_rpc_error_and_session_stays_usable()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        server.AddBot("1:bot");
        server.AddChannel("real");
        await using var client = await ServerFixture.BotAsync(server);
        var e = await Assert.ThrowsAsync<RpcErrorException>(() => client.ResolveChannelAsync("ghost", ServerFixture.Ct()));
        Assert.Equal("USERNAME_NOT_OCCUPIED", e.ErrorMessage);
        Assert.NotEqual(0, (await client.ResolveChannelAsync("real", ServerFixture.Ct())).Id);
    }

    [Fact]
    public async Task Cancellation_token_cancels_a_pending_call()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        server.AddBot("1:bot");
        await using var client = await ServerFixture.BotAsync(server);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ResolveChannelAsync("x", cts.Token));
    }

    [Fact]
    public async Task Concurrent_calls_are_correlated_by_msg_id()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        server.AddBot("1:bot");
        var channels = Enumerable.Range(0, 20).Select(i => server.AddChannel("c" + i)).ToArray();
        await using var client = await ServerFixture.BotAsync(server);
        var results = await Task.WhenAll(channels.Select(c => client.ResolveChannelAsync(c.Username, ServerFixture.Ct())));
        Assert.Equal(channels.Select(c => c.Id), results.Select(r => r.Id));
    }

    [Fact]
    public void Msg_ids_are_monotonic_and_divisible_by_four()
    {
        var clock = new MsgIdClock(TimeProvider.System);
        var last = 0L;
        for (var i = 0; i < 10000; i++)
        {
            var id = clock.Next();
            Assert.Equal(0, id % 4);
            Assert.True(id > last);
            last = id;
        }
        Assert.Equal(1, clock.Next(1) & 3);
        Assert.InRange(MsgIdClock.SecondsOf(last), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
    }

    [Fact]
    public async Task Raw_invoke_returns_typed_result()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        server.AddBot("1:bot");
        await using var client = await ServerFixture.BotAsync(server);
        var config = (Config)await client.InvokeAsync(new Help_GetConfigRequest(), ServerFixture.Ct());
        Assert.Equal(1, config.ThisDc);
        Assert.Equal(2, config.DcOptions.Length);
    }
}
