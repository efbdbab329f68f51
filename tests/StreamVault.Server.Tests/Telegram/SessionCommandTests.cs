using Microsoft.Extensions.Options;
using StreamVault.Server.Hosting;
using StreamVault.Server.Tests.Infrastructure;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Server.Tests.Telegram;

/// <summary>`streamvault session` as a child process against the MTProto test server on loopback.</summary>
public sealed class SessionCommandTests
{
    [Fact]
    public async Task A_bot_session_is_added_encrypted_listed_and_removed()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var userId = backend.Server.AddBot("42:secret-token");
        var data = backend.Folder.Combine("data");

        var add = await CliProcess.RunAsync(data, backend.Environment(), "session", "add", "--bot-token", "42:secret-token");
        Assert.True(add.ExitCode == 0, add.Output);
        Assert.Contains("Added session", add.Output, StringComparison.Ordinal);

        var info = Assert.Single(new TelegramSessionFolder(backend.SessionsFolder, null).List());
        Assert.Equal("bot", info.Kind);
        Assert.Equal(userId, info.UserId);
        Assert.Equal(1, info.Dc);
        var sessionFile = File.ReadAllBytes(Path.Combine(backend.SessionsFolder, info.Id + ".session"));
        Assert.Equal("SVTS1"u8.ToArray(), sessionFile[..5]);
        Assert.DoesNotContain("AuthKey", System.Text.Encoding.UTF8.GetString(sessionFile), StringComparison.Ordinal);

        var list = await CliProcess.RunAsync(data, backend.Environment(), "session", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(info.Id, list.Output, StringComparison.Ordinal);
        Assert.Contains(userId.ToString(System.Globalization.CultureInfo.InvariantCulture), list.Output, StringComparison.Ordinal);
        Assert.Contains("1 sessions", list.Output, StringComparison.Ordinal);

        var remove = await CliProcess.RunAsync(data, backend.Environment(), "session", "remove", info.Id);
        Assert.True(remove.ExitCode == 0, remove.Output);
        Assert.Empty(new TelegramSessionFolder(backend.SessionsFolder, null).List());
        Assert.False(File.Exists(Path.Combine(backend.SessionsFolder, info.Id + ".session")));

        var again = await CliProcess.RunAsync(data, backend.Environment(), "session", "remove", info.Id);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("no session has the id", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Phone_login_without_a_terminal_fails_with_exit_code_2_instead_of_waiting()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        backend.Server.AddUser("+15550001", "12345");

        var result = await CliProcess.RunAsync(backend.Folder.Combine("data"), backend.Environment(), "session", "add", "--phone", "+15550001");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a terminal", result.Output, StringComparison.Ordinal);
        Assert.Empty(new TelegramSessionFolder(backend.SessionsFolder, null).List());
    }

    [Fact]
    public async Task A_refused_bot_token_fails_and_saves_nothing()
    {
        await using var backend = await MtprotoBackend.StartAsync();

        var result = await CliProcess.RunAsync(backend.Folder.Combine("data"), backend.Environment(), "session", "add", "--bot-token", "1:wrong");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ACCESS_TOKEN_INVALID", result.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(backend.SessionsFolder) ? Directory.EnumerateFiles(backend.SessionsFolder, "*.session") : []);
    }

    [Fact]
    public async Task Missing_connection_settings_are_named()
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(folder.Combine("data"), "session", "add", "--bot-token", "1:x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("StreamVault:Telegram:ApiId", result.Output, StringComparison.Ordinal);
        Assert.Contains("StreamVault:Telegram:RsaKeyFile", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_with_two_factor_password_logs_in_through_the_code_and_password_prompts()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var userId = backend.Server.AddUser("+15550002", "24680", password: "hunter2", homeDc: 2);
        var asked = new List<string>();

        var info = await TelegramSessions.AddUserAsync(
            backend.Options(),
            new TelegramSessionFolder(backend.SessionsFolder, "a passphrase"),
            "+15550002",
            _ => { asked.Add("code"); return Task.FromResult("24680"); },
            _ => { asked.Add("password"); return Task.FromResult("hunter2"); },
            TimeProvider.System,
            new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(["code", "password"], asked);
        Assert.Equal(("user", userId, 2), (info.Kind, info.UserId, info.Dc));
        var list = await CliProcess.RunAsync(backend.Folder.Combine("data"), backend.Environment(), "session", "list");
        Assert.Contains(info.Id, list.Output, StringComparison.Ordinal);
        Assert.Contains("user", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_refuses_to_start_on_the_telegram_vault_without_sessions_naming_the_setting()
    {
        var failures = await StartFailuresAsync("StreamVault:Telegram:Channel", "");

        Assert.Contains(failures, f => f.Contains("StreamVault:Telegram:SessionsFolder", StringComparison.Ordinal) && f.Contains("session add", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("StreamVault:Telegram:Channel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Asking_for_perfect_forward_secrecy_stops_the_start_with_the_reason()
    {
        var failures = await StartFailuresAsync("StreamVault:Telegram:PerfectForwardSecrecy", "true");

        Assert.Contains(failures, f => f.Contains("StreamVault:Telegram:PerfectForwardSecrecy", StringComparison.Ordinal) && f.Contains("not supported", StringComparison.Ordinal));
    }

    /// <summary>What stops a server on the test backend's settings, with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    private static async Task<IEnumerable<string>> StartFailuresAsync(string key, string value)
    {
        await using var backend = await MtprotoBackend.StartAsync();
        using var folder = new TempFolder();
        var settings = backend.Settings();
        settings["StreamVault:DataDirectory"] = folder.Path;
        settings[key] = value;

        return Assert.Throws<OptionsValidationException>(() => StreamVaultApp.CreateBuilder(settings)).Failures;
    }
}
