using StreamVault.Mtproto.Crypto;

namespace StreamVault.Mtproto.Tests;

public class LoginTests
{
    private static readonly byte[] Prime = Sample.Value("answer").AsSpan(44, 256).ToArray(); // dh_prime of the official sample

    [Fact]
    public void Srp_client_proof_verifies_on_the_server_side()
    {
        var salt1 = ServerFixture.Data(16, 1);
        var salt2 = ServerFixture.Data(16, 2);
        var v = Srp.Verifier(Srp.PasswordHash("correct horse", salt1, salt2), 3, Prime);
        var b = ServerFixture.Data(256, 5);
        var srpB = Srp.ServerB(v, 3, Prime, b);
        var good = Srp.Prove("correct horse", salt1, salt2, 3, Prime, srpB);
        Assert.Equal(256, good.A.Length);
        Assert.Equal(32, good.M1.Length);
        Assert.True(Srp.Verify(v, 3, Prime, salt1, salt2, b, srpB, good.A, good.M1));
        var bad = Srp.Prove("wrong horse", salt1, salt2, 3, Prime, srpB);
        Assert.False(Srp.Verify(v, 3, Prime, salt1, salt2, b, srpB, bad.A, bad.M1));
    }

    [Fact]
    public void Srp_password_hash_is_deterministic_and_salted()
    {
        var s1 = ServerFixture.Data(16, 1);
        var s2 = ServerFixture.Data(16, 2);
        var h = Srp.PasswordHash("pw", s1, s2);
        Assert.Equal(32, h.Length);
        Assert.Equal(h, Srp.PasswordHash("pw", s1, s2));
        Assert.NotEqual(h, Srp.PasswordHash("pw", s2, s1));
    }

    [Fact]
    public async Task User_logs_in_with_code()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        var id = server.AddUser("+100", "12345");
        await using var client = new TelegramClient(ServerFixture.Options(server));
        await client.ConnectAsync(ServerFixture.Ct());
        var me = await client.LoginUserAsync("+100", _ => Task.FromResult("12345"), null, ServerFixture.Ct());
        Assert.Equal(id, me.Id);
        Assert.False(me.IsBot);
    }

    [Fact]
    public async Task User_with_2fa_logs_in_through_srp_and_wrong_password_is_refused()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        var id = server.AddUser("+200", "11111", password: "s3cret");
        await using (var wrong = new TelegramClient(ServerFixture.Options(server)))
        {
            await wrong.ConnectAsync(ServerFixture.Ct());
            var e = await Assert.ThrowsAsync<RpcErrorException>(() => wrong.LoginUserAsync("+200", _ => Task.FromResult("11111"), _ => Task.FromResult("guess"), ServerFixture.Ct()));
            Assert.Equal("PASSWORD_HASH_INVALID", e.ErrorMessage);
        }
        await using var client = new TelegramClient(ServerFixture.Options(server));
        await client.ConnectAsync(ServerFixture.Ct());
        await Assert.ThrowsAsync<SessionPasswordNeededException>(() => client.LoginUserAsync("+200", _ => Task.FromResult("11111"), null, ServerFixture.Ct()));
        var me = await client.LoginUserAsync("+200", _ => Task.FromResult("11111"), _ => Task.FromResult("s3cret"), ServerFixture.Ct());
        Assert.Equal(id, me.Id);
    }

    [Fact]
    public async Task Accounts_on_another_dc_follow_user_migrate()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        var botId = server.AddBot("9:far", homeDc: 2);
        server.AddUser("+300", "22222", homeDc: 2);
        await using var bot = new TelegramClient(ServerFixture.Options(server));
        await bot.ConnectAsync(ServerFixture.Ct());
        Assert.Equal(botId, (await bot.LoginBotAsync("9:far", ServerFixture.Ct())).Id);
        Assert.Equal(2, bot.HomeDc);
        await using var user = new TelegramClient(ServerFixture.Options(server));
        await user.ConnectAsync(ServerFixture.Ct());
        await user.LoginUserAsync("+300", _ => Task.FromResult("22222"), null, ServerFixture.Ct());
        Assert.Equal(2, user.HomeDc);
    }

    [Fact]
    public async Task Saved_session_is_encrypted_at_rest_and_restores_without_a_new_login()
    {
        var path = Path.Combine(Path.GetTempPath(), $"svtg-{Guid.NewGuid():N}.session");
        try
        {
            await using var server = await TestServer.TestServer.StartAsync();
            server.AddBot("5:persist");
            var channel = server.AddChannel("kept");
            byte[] authKey;
            await using (var first = new TelegramClient(ServerFixture.Options(server, store: new EncryptedFileSessionStore(path, "pass"))))
            {
                await first.ConnectAsync(ServerFixture.Ct());
                await first.LoginBotAsync("5:persist", ServerFixture.Ct());
                authKey = first.SessionFor(1)!.AuthKey!;
            }
            var blob = await File.ReadAllBytesAsync(path);
            Assert.True(blob.AsSpan().IndexOf(authKey.AsSpan(0, 16)) < 0, "auth key must not be stored in the clear");
            Assert.True(blob.AsSpan().IndexOf("AuthKey"u8) < 0);

            await using (var second = new TelegramClient(ServerFixture.Options(server, store: new EncryptedFileSessionStore(path, "pass"))))
            {
                await second.ConnectAsync(ServerFixture.Ct());
                Assert.Equal(authKey, second.SessionFor(1)!.AuthKey);
                Assert.Equal(channel.Id, (await second.ResolveChannelAsync("kept", ServerFixture.Ct())).Id);
            }
            Assert.Equal(1, server.CallCount("auth.importBotAuthorization"));
            var wrong = new EncryptedFileSessionStore(path, "other");
            await Assert.ThrowsAsync<InvalidDataException>(() => wrong.LoadAsync(ServerFixture.Ct()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(420, "FLOOD_WAIT_31", typeof(FloodWaitException))]
    [InlineData(420, "FLOOD_PREMIUM_WAIT_5", typeof(FloodWaitException))]
    [InlineData(303, "FILE_MIGRATE_4", typeof(FileMigrateException))]
    [InlineData(303, "USER_MIGRATE_2", typeof(UserMigrateException))]
    [InlineData(303, "PHONE_MIGRATE_5", typeof(UserMigrateException))]
    [InlineData(400, "FILE_REFERENCE_EXPIRED", typeof(FileReferenceExpiredException))]
    [InlineData(401, "SESSION_PASSWORD_NEEDED", typeof(SessionPasswordNeededException))]
    [InlineData(400, "CHANNEL_INVALID", typeof(RpcErrorException))]
    public void Rpc_errors_map_to_typed_exceptions(int code, string message, Type expected)
    {
        ArgumentNullException.ThrowIfNull(message);
        var e = RpcErrorException.From(code, message);
        Assert.IsType(expected, e);
        Assert.Equal(code, e.Code);
        Assert.Equal(message, e.ErrorMessage);
        if (e is FloodWaitException f)
        {
            Assert.Equal(message.EndsWith("31", StringComparison.Ordinal) ? 31 : 5, f.Seconds);
        }

        if (e is FileMigrateException m)
        {
            Assert.Equal(4, m.Dc);
        }
    }
}
