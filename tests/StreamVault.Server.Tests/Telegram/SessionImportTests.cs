using System.Buffers.Binary;
using StreamVault.Mtproto;
using StreamVault.Server.Tests.Infrastructure;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Server.Tests.Telegram;

/// <summary>`streamvault session import` against the MTProto test server: a login made elsewhere is checked, saved once, and refused when Telegram does not know it.</summary>
public sealed class SessionImportTests
{
    [Fact]
    public async Task A_Pyrogram_string_of_a_logged_in_bot_is_added_then_seen_as_a_duplicate_and_an_unregistered_key_is_refused()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var botId = backend.Server.AddBot("77:foreign-token");
        var elsewhere = new TelegramSessionFolder(backend.Folder.Combine("elsewhere"), "p");
        var made = await TelegramSessions.AddBotAsync(backend.Options(), elsewhere, "77:foreign-token", TimeProvider.System, Timeout());
        var loggedIn = await AuthKeyAsync(elsewhere, made.Id);
        var neverLoggedIn = await UnregisteredKeyAsync(backend, elsewhere);
        var data = backend.Folder.Combine("data");

        var first = await CliProcess.RunAsync(data, backend.Environment(), "session", "import", Pyrogram(1, loggedIn), Pyrogram(1, neverLoggedIn));

        Assert.True(first.ExitCode == 1, first.Output);
        Assert.Contains("argument 1: added: bot", first.Output, StringComparison.Ordinal);
        Assert.Contains("argument 2: refused: Telegram refused it: 401 AUTH_KEY_UNREGISTERED", first.Output, StringComparison.Ordinal);
        var info = Assert.Single(new TelegramSessionFolder(backend.SessionsFolder, null).List());
        Assert.Equal(("bot", botId, 1), (info.Kind, info.UserId, info.Dc));

        var again = await CliProcess.RunAsync(data, backend.Environment(), "session", "import", Pyrogram(1, loggedIn));

        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains($"argument 1: duplicate: already saved as {info.Id}", again.Output, StringComparison.Ordinal);
        Assert.Single(new TelegramSessionFolder(backend.SessionsFolder, null).List());
    }

    [Fact]
    public async Task Bad_input_is_one_line_per_session_and_exit_code_1()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var notes = backend.Folder.Combine("notes.txt");
        await File.WriteAllTextAsync(notes, "# workers\n\nAAAA\n");

        var result = await CliProcess.RunAsync(backend.Folder.Combine("data"), backend.Environment(), "session", "import", "1%%%", notes);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("argument 1: invalid: Telethon/GramJS string session is not valid base64", result.Output, StringComparison.Ordinal);
        Assert.Contains("notes.txt line 3: invalid: Pyrogram string session decodes to 3 bytes", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }

    /// <summary>">BI?256sQ?": dc, api_id, test_mode, auth_key, user_id, is_bot, URL-safe base64 without padding.</summary>
    internal static string Pyrogram(byte dc, byte[] key)
    {
        var b = new byte[271];
        b[0] = dc;
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(1), 1);
        key.CopyTo(b, 6);
        return Convert.ToBase64String(b).Replace('+', '-').Replace('/', '_').TrimEnd('=');
    }

    internal static async Task<byte[]> AuthKeyAsync(TelegramSessionFolder folder, string id)
    {
        var saved = await folder.Store(id).LoadAsync(Timeout());
        return Assert.Single(saved!.Dcs, d => d.DcId == saved.HomeDc).AuthKey;
    }

    /// <summary>A key made by the DH exchange with no login on it: Telegram answers AUTH_KEY_UNREGISTERED.</summary>
    private static async Task<byte[]> UnregisteredKeyAsync(MtprotoBackend backend, TelegramSessionFolder folder)
    {
        var id = folder.NewId("bare");
        await using (var client = new TelegramClient(backend.Options().ClientOptions(1, folder.Store(id))))
        {
            await client.ConnectAsync(Timeout());
        }

        return await AuthKeyAsync(folder, id);
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
