using Microsoft.Data.Sqlite;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Cli;

public sealed class DeliveryCommandTests
{
    [Fact]
    public async Task Policy_show_and_set_with_clear_messages_and_exit_codes()
    {
        using var folder = new TempFolder();
        var data = folder.Combine("data");

        var set = await CliProcess.RunAsync(data, "policy", "set", "2160p", "download-only");
        var show = await CliProcess.RunAsync(data, "policy", "show");
        var badQuality = await CliProcess.RunAsync(data, "policy", "set", "9000p", "stream");
        var badMode = await CliProcess.RunAsync(data, "policy", "set", "1080p", "teleport");

        Assert.True(set.ExitCode == 0, set.Output);
        Assert.Contains("2160p is now download-only", set.Output, StringComparison.Ordinal);
        Assert.Equal(0, show.ExitCode);
        Assert.Matches(@"2160p\s*│\s*download-only", show.Output);
        Assert.Matches(@"1080p\s*│\s*stream", show.Output);
        Assert.Equal(2, badQuality.ExitCode);
        Assert.Contains("Unknown quality '9000p'", badQuality.Output, StringComparison.Ordinal);
        Assert.Equal(2, badMode.ExitCode);
        Assert.Contains("Unknown mode 'teleport'", badMode.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mirror_set_and_clear_validate_and_audit()
    {
        using var folder = new TempFolder();
        var data = folder.Combine("data");
        var media = folder.WriteRandomFile("in/Mirror.Film.2021.2160p.WEB-DL.mkv", 4000);
        Assert.Equal(0, (await CliProcess.RunAsync(data, "ingest", media)).ExitCode);
        var mediaId = Query(data, "SELECT PublicId FROM MediaFiles");

        var set = await CliProcess.RunAsync(data, "mirror", "set", mediaId!, "https://drive.example.com/f?id=1");
        Assert.True(set.ExitCode == 0, set.Output);
        Assert.Equal("https://drive.example.com/f?id=1", Query(data, "SELECT MirrorUrl FROM MediaFiles"));

        var script = await CliProcess.RunAsync(data, "mirror", "set", mediaId!, "javascript:alert(1)");
        Assert.Equal(2, script.ExitCode);
        Assert.Contains("must be an absolute http:// or https:// address", script.Output, StringComparison.Ordinal);
        Assert.Equal("https://drive.example.com/f?id=1", Query(data, "SELECT MirrorUrl FROM MediaFiles"));

        var unknown = await CliProcess.RunAsync(data, "mirror", "set", "nosuchmedia", "https://drive.example.com/f");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("No media file has the id 'nosuchmedia'", unknown.Output, StringComparison.Ordinal);

        var clear = await CliProcess.RunAsync(data, "mirror", "clear", mediaId!);
        Assert.True(clear.ExitCode == 0, clear.Output);
        Assert.Null(Query(data, "SELECT MirrorUrl FROM MediaFiles"));
        Assert.Equal("media.mirror.set,media.mirror.clear", Query(data, "SELECT group_concat(Action) FROM (SELECT Action FROM Audit WHERE Action LIKE 'media.mirror.%' ORDER BY Id)"));
    }

    private static string? Query(string data, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "catalog.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is string s ? s : null;
    }
}
