using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StreamVault.Server.Tests.Infrastructure;
using StreamVault.Vaults.Swarm;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Server.Tests.Telegram;

/// <summary>StreamVault:Telegram:ImportFolder (a Python swarm's config/workers): imported once at start, enough to start
/// the vault without a saved session, never imported twice, and a clear error when there is no session anywhere.</summary>
public sealed class ImportFolderTests
{
    [Fact]
    public async Task Session_files_and_strings_in_the_folder_are_imported_at_start_and_never_again()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var workers = backend.Folder.Combine("config", "workers");
        ForeignLogins.WriteTelethonFile(Path.Combine(workers, "worker1.session"), 1, await ForeignLogins.BotKeyAsync(backend, "61:telethon-worker"));
        var pyrogram = SessionImportTests.Pyrogram(1, await ForeignLogins.BotKeyAsync(backend, "62:pyrogram-worker"));
        await File.WriteAllTextAsync(Path.Combine(workers, "strings.txt"), $"# two workers\n{pyrogram}\nnot-a-session\n");
        await File.WriteAllTextAsync(Path.Combine(workers, "README.md"), "not for import");
        var folder = new TelegramSessionFolder(backend.SessionsFolder, null);
        Assert.Empty(folder.List());

        string removed;
        await using (var app = await StartAsync(backend, workers))
        {
            var swarm = Assert.Single(app.Services.GetRequiredService<ISwarmMonitor>().Snapshot());
            Assert.Equal(2, swarm.Sessions.Count);
            Assert.Equal(2, folder.List().Count);
            var admin = app.Services.GetRequiredService<ITelegramSessionAdmin>();
            removed = admin.List()[0].Id;
            Assert.Equal(SessionChangeResult.Removed, (await admin.RemoveAsync(removed, "test", CancellationToken.None)).Result);
        }

        // The files are left as they were, and the session an admin removed does not come back from its file.
        Assert.True(File.Exists(Path.Combine(workers, "worker1.session")));
        await using (var again = await StartAsync(backend, workers))
        {
            var swarm = Assert.Single(again.Services.GetRequiredService<ISwarmMonitor>().Snapshot());
            var left = Assert.Single(swarm.Sessions);
            Assert.NotEqual(removed, left.Id);
            Assert.Single(folder.List());
        }
    }

    [Fact]
    public async Task Without_a_saved_session_or_a_file_to_import_the_start_fails_with_one_line_that_names_both()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var empty = backend.Folder.Combine("no-workers");
        Directory.CreateDirectory(empty);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(backend, empty));

        var line = Assert.Single(failure.Failures, f => f.Contains("ImportFolder", StringComparison.Ordinal));
        Assert.Contains("StreamVault:Telegram:SessionsFolder", line, StringComparison.Ordinal);
        Assert.Contains(empty, line, StringComparison.Ordinal);
        Assert.Contains("session add", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    private static Task<TestApp> StartAsync(MtprotoBackend backend, string importFolder) => TestApp.StartAsync(
        s =>
        {
            foreach (var (key, value) in backend.Settings())
            {
                s[key] = value;
            }

            s["StreamVault:Telegram:ImportFolder"] = importFolder;
        },
        fakeTime: false);
}
