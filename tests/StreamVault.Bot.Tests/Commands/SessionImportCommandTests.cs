using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Bot.Tests.Infrastructure;
using StreamVault.Bot.Updates;
using StreamVault.Mtproto.TestServer;
using StreamVault.Vaults.Swarm;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Bot.Tests.Commands;

/// <summary>/session_import through the Bot API stand-in: the owner's, in a private chat; the message holding the
/// secret is deleted whoever of the bot's people sent it, and the secret is never audited or echoed.</summary>
public sealed class SessionImportCommandTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    private const string Secret = "1BVtsOK8Bu3Zq0-secret-session-string";

    private BotHost Host => fixture.Host;

    [Fact]
    public async Task Without_a_Telegram_vault_the_owner_is_told_so_and_the_message_is_deleted()
    {
        var reply = await Host.AskAsync(BotHost.OwnerId, "/session_import " + Secret);

        Assert.Equal(TelegramSessions.NotTelegramVault, reply.Text);
        await AssertDeletedAsync(BotHost.OwnerId, Secret);
        Assert.All(await Host.AuditOfAsync(BotHost.OwnerId), a => Assert.DoesNotContain(Secret, a.Detail ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admin_is_refused_a_group_gets_no_echo_and_a_stranger_only_the_refusal_and_no_secret_is_audited()
    {
        var admin = await Host.AskAsync(BotHost.ConfiguredAdminId, "/session_import " + Secret);
        Assert.Equal("Only the owner may do that.", admin.Text);
        await AssertDeletedAsync(BotHost.ConfiguredAdminId, Secret);

        const long group = -100_777;
        var inGroup = await Host.AskInAsync(BotHost.OwnerId, group, "/session_import " + Secret);
        Assert.Equal("Send /session_import to me in a private chat.", inGroup.Text);
        Assert.DoesNotContain(Secret, inGroup.Text, StringComparison.Ordinal);

        const long stranger = 666_077;
        var refused = await Host.AskAsync(stranger, "/session_import " + Secret);
        Assert.Equal(UpdateDispatcher.Refusal, refused.Text);

        foreach (var user in new[] { BotHost.ConfiguredAdminId, BotHost.OwnerId, stranger })
        {
            Assert.All(await Host.AuditOfAsync(user), a => Assert.DoesNotContain(Secret, a.Detail ?? "", StringComparison.Ordinal));
        }

        Assert.Contains(await Host.AuditOfAsync(stranger), a => a is { Action: "bot.refused", Target: "/session_import" });
    }

    [Fact]
    public async Task The_owner_imports_a_Pyrogram_string_into_the_running_swarm_and_a_second_time_it_is_a_duplicate()
    {
        await using var server = await TestServer.StartAsync(0, new TestServerOptions { DcCount = 1 });
        server.AddChannel("vault");
        var folder = Path.Combine(Path.GetTempPath(), "sv-bot-tg-" + Guid.NewGuid().ToString("N")[..8]);
        var pem = Path.Combine(folder, "server.pem");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(pem, server.PublicKeyPem);
        var options = new TelegramVaultOptions
        {
            Channel = "vault",
            ApiId = 12345,
            ApiHash = "test-hash",
            DcAddresses = new() { [1] = server.Endpoints[1].ToString() },
            RsaKeyFile = pem,
            SessionsFolder = Path.Combine(folder, "sessions"),
        };
        server.AddBot("1:vault-bot");
        server.AddBot("2:python-worker");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await TelegramSessions.AddBotAsync(options, new TelegramSessionFolder(options.SessionsFolder, null), "1:vault-bot", TimeProvider.System, timeout.Token);
        var elsewhere = new TelegramSessionFolder(Path.Combine(folder, "elsewhere"), "p");
        var worker = await TelegramSessions.AddBotAsync(options, elsewhere, "2:python-worker", TimeProvider.System, timeout.Token);
        var saved = await elsewhere.Store(worker.Id).LoadAsync(timeout.Token);
        var pyrogram = Pyrogram(1, Assert.Single(saved!.Dcs).AuthKey);

        await using var host = await BotHost.StartAsync(demoTitles: false, extraSettings: new Dictionary<string, string?>
        {
            ["StreamVault:Vaults:Default"] = "telegram",
            ["StreamVault:Telegram:Channel"] = "vault",
            ["StreamVault:Telegram:ApiId"] = "12345",
            ["StreamVault:Telegram:ApiHash"] = "test-hash",
            ["StreamVault:Telegram:DcAddresses:1"] = server.Endpoints[1].ToString(),
            ["StreamVault:Telegram:RsaKeyFile"] = pem,
            ["StreamVault:Telegram:SessionsFolder"] = options.SessionsFolder,
        });

        var added = await host.AskAsync(BotHost.OwnerId, "/session_import\n" + pyrogram + "\nnot-a-session");

        var lines = added.Text.Split('\n');
        Assert.StartsWith("text line 1: added: bot", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("text line 2: invalid:", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(pyrogram, added.Text, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(host.Services.GetRequiredService<ISwarmMonitor>().Snapshot()).Sessions.Count);
        await AssertDeletedAsync(host, BotHost.OwnerId, pyrogram);

        var again = await host.AskAsync(BotHost.OwnerId, "/session_import " + pyrogram);
        Assert.StartsWith("text line 1: duplicate: already saved as import-", again.Text, StringComparison.Ordinal);
        Assert.All(await host.AuditOfAsync(BotHost.OwnerId), a => Assert.DoesNotContain(pyrogram[..40], a.Detail ?? "", StringComparison.Ordinal));
        Directory.Delete(folder, recursive: true);
    }

    private Task AssertDeletedAsync(long chatId, string secret) => AssertDeletedAsync(Host, chatId, secret);

    /// <summary>The user's message that held the secret is deleted (the stand-in keeps it, marked).</summary>
    private static async Task AssertDeletedAsync(BotHost host, long chatId, string secret)
    {
        var held = host.StandIn.State.Messages(chatId).Where(m => !m.FromBot && m.Text.Contains(secret, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(held);
        // The delete follows the reply; give it the moment it takes.
        for (var i = 0; i < 50 && held.Any(m => !IsDeleted(host, m)); i++)
        {
            await Task.Delay(100);
        }

        Assert.All(held, m => Assert.True(IsDeleted(host, m), $"message {m.MessageId.ToString(CultureInfo.InvariantCulture)} was not deleted"));
        Assert.All(host.StandIn.State.BotMessages(chatId), m => Assert.DoesNotContain(secret, m.Text, StringComparison.Ordinal));
    }

    private static bool IsDeleted(BotHost host, BotApi.StandIn.StandInMessage message) =>
        host.StandIn.State.Messages(message.ChatId).Single(m => m.MessageId == message.MessageId).Deleted;

    /// <summary>">BI?256sQ?": dc, api_id, test_mode, auth_key, user_id, is_bot, URL-safe base64 without padding.</summary>
    private static string Pyrogram(byte dc, byte[] key)
    {
        var b = new byte[271];
        b[0] = dc;
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(1), 1);
        key.CopyTo(b, 6);
        return Convert.ToBase64String(b).Replace('+', '-').Replace('/', '_').TrimEnd('=');
    }
}
