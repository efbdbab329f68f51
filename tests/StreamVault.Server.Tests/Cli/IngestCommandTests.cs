using Microsoft.Data.Sqlite;
using StreamVault.Catalog.Ingest;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Cli;

public sealed class IngestCommandTests
{
    [Fact]
    public async Task Ingest_twice_reports_already_present_and_titles_lists_it()
    {
        using var folder = new TempFolder();
        var data = folder.Combine("data");
        var media = folder.WriteRandomFile("in/Some.Film.2022.1080p.WEB-DL.x264-GRP.mkv", 200_000);

        var first = await CliProcess.RunAsync(data, "ingest", Path.GetDirectoryName(media)!);
        var second = await CliProcess.RunAsync(data, "ingest", media);
        var titles = await CliProcess.RunAsync(data, "titles");

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("1 added", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("0 added, 1 already present", second.Output, StringComparison.Ordinal);
        Assert.Contains("1 titles", titles.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_ffmpeg_ingest_says_so_and_still_adds_the_film()
    {
        using var folder = new TempFolder();
        var film = Path.Combine(AppContext.BaseDirectory, "Demo", "media", "Signal.Garden.S01E01.480p.WEB-DL.VP9.Opus-STREAMVAULT.webm");

        var result = await CliProcess.RunAsync(folder.Combine("data"), new Dictionary<string, string> { ["STREAMVAULT__ARTWORK__FFMPEGPATH"] = "none" }, "ingest", film);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("ffmpeg not found", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 added", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("data", "artwork")));
    }

    [Fact]
    public async Task A_missing_path_is_a_usage_error_with_a_message()
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(folder.Combine("data"), "ingest", folder.Combine("nope.mkv"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No file or folder at", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_title_for_remove_is_a_usage_error()
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(folder.Combine("data"), "remove", "doesnotexist");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no title has the id", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killed_mid_copy_leaves_nothing_visible_and_a_rerun_completes()
    {
        using var folder = new TempFolder();
        var data = folder.Combine("data");
        var media = folder.WriteRandomFile("in/Long.Film.2018.2160p.mkv", 64 * 1024 * 1024, seed: 11);

        // The moment the copy's temporary part appears, the ingest is frozen (SIGSTOP) and then killed (SIGKILL), so
        // the kill lands mid-copy however fast the disk is. The part's folder is known from the fingerprint; watching it
        // (inotify) instead of polling means the event cannot be missed.
        var key = IngestService.VaultKey(await SourceFingerprint.ComputeAsync(media, CancellationToken.None));
        var shard = Directory.CreateDirectory(Path.Combine(data, "vault", key[..2])).FullName;
        using var watcher = new FileSystemWatcher(shard, "*.partial");
        var created = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cli = CliProcess.Start(data, "ingest", media);
        watcher.Created += (_, e) =>
        {
            _ = Signals.Stop(cli.Process.Id);
            created.TrySetResult(e.FullPath);
        };
        watcher.EnableRaisingEvents = true;

        var partial = await created.Task.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.False(cli.Process.HasExited, "ingest finished before it could be stopped:\n" + cli.Output);
        Assert.True(File.Exists(partial), "the temporary part is there while the copy is stopped");
        cli.Process.Kill(entireProcessTree: true); // SIGKILL: no cleanup code runs.
        await cli.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);

        Assert.Equal(0, CountMediaRows(data));

        var rerun = await CliProcess.RunAsync(data, "ingest", media);

        Assert.True(rerun.ExitCode == 0, rerun.Output);
        Assert.Contains("1 added", rerun.Output, StringComparison.Ordinal);
        Assert.Equal(1, CountMediaRows(data));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(data, "vault"), "*.partial", SearchOption.AllDirectories));
        var stored = Directory.EnumerateFiles(Path.Combine(data, "vault"), "*", SearchOption.AllDirectories).Single();
        Assert.Equal(new FileInfo(media).Length, new FileInfo(stored).Length);
    }

    private static long CountMediaRows(string data)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "catalog.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM MediaFiles";
        return (long)command.ExecuteScalar()!;
    }
}
