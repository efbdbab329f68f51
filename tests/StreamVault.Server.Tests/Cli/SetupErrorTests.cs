using System.Net;
using System.Net.Sockets;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Cli;

/// <summary>Problems the operator can fix end in one line that names the problem and the fix, and exit code 2.</summary>
public sealed class SetupErrorTests
{
    [Fact]
    public async Task A_port_in_use_is_one_line_and_exit_code_2()
    {
        using var folder = new TempFolder();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await CliProcess.RunAsync(folder.Combine("data"), "serve", "--urls", $"http://127.0.0.1:{port}");

        AssertOneLineError(result, 2, $"127.0.0.1:{port}", "--urls");
        Assert.Contains("in use", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("http://256.1.1.1:80")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("http://127.0.0.1:99999")]
    public async Task A_bad_listen_address_is_one_line_and_exit_code_2(string urls)
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(folder.Combine("data"), "serve", "--urls", urls);

        AssertOneLineError(result, 2, urls, "--urls");
    }

    [Theory]
    [InlineData("titles")]
    [InlineData("serve")]
    public async Task A_data_directory_that_is_a_file_is_one_line_and_exit_code_2(string command)
    {
        using var folder = new TempFolder();
        var file = folder.Combine("data");
        File.WriteAllText(file, "not a folder");

        string[] args = command == "serve" ? ["serve", "--urls", "http://127.0.0.1:0"] : [command];

        var result = await CliProcess.RunAsync(file, args);

        AssertOneLineError(result, 2, file, "--data-dir");
    }

    [Fact]
    public async Task A_data_directory_under_a_file_is_one_line_and_exit_code_2()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine("file"), "not a folder");
        var data = folder.Combine("file", "data");

        var result = await CliProcess.RunAsync(data, "titles");

        AssertOneLineError(result, 2, data, "--data-dir");
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_written_is_one_line_and_exit_code_2()
    {
        using var folder = new TempFolder();
        string data;
        if (Environment.UserName == "root")
        {
            // Permission bits do not stop root; nobody may create folders in /proc.
            data = "/proc/streamvault-test-" + Guid.NewGuid().ToString("N")[..8];
        }
        else if (!OperatingSystem.IsWindows())
        {
            var readOnly = folder.Combine("read-only");
            Directory.CreateDirectory(readOnly);
            File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            data = Path.Combine(readOnly, "data");
        }
        else
        {
            return;
        }

        var result = await CliProcess.RunAsync(data, "titles");

        AssertOneLineError(result, 2, data, "write access");
    }

    [Theory]
    [InlineData("STREAMVAULT__CATALOG__FFPROBEPATH", "StreamVault:Catalog:FfprobePath", "titles")]
    [InlineData("STREAMVAULT__CATALOG__FFPROBEPATH", "StreamVault:Catalog:FfprobePath", "ingest")]
    [InlineData("STREAMVAULT__ARTWORK__FFMPEGPATH", "StreamVault:Artwork:FfmpegPath", "ingest")]
    [InlineData("STREAMVAULT__ARTWORK__FFMPEGPATH", "StreamVault:Artwork:FfmpegPath", "serve")]
    public async Task A_configured_tool_path_that_does_not_exist_names_the_setting(string variable, string setting, string command)
    {
        using var folder = new TempFolder();
        var media = Ingest.MediaOnlyIngestTests.DemoFilm;
        string[] args = command switch
        {
            "ingest" => ["ingest", media],
            "serve" => ["serve", "--urls", "http://127.0.0.1:0"],
            _ => [command],
        };

        var result = await CliProcess.RunAsync(folder.Combine("data"), new Dictionary<string, string> { [variable] = "/nonexistent/tool" }, args);

        // The catalogue's setting matters to every command that validates the catalogue module; `titles` does not.
        if (command == "titles")
        {
            Assert.Equal(0, result.ExitCode);
            return;
        }

        AssertOneLineError(result, 2, setting, "/nonexistent/tool");
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("remove")]
    [InlineData("ingest")]
    [InlineData("titles --bogus")]
    [InlineData("policy set 1080p")]
    public async Task Missing_or_unknown_arguments_exit_with_code_2(string args)
    {
        ArgumentNullException.ThrowIfNull(args);
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(folder.Combine("data"), args.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.Contains("--help", result.Output, StringComparison.Ordinal);
    }

    private static void AssertOneLineError((int ExitCode, string Output) result, int exitCode, params string[] mentions)
    {
        Assert.True(result.ExitCode == exitCode, $"exit code {result.ExitCode}, output:\n{result.Output}");
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = Assert.Single(lines, l => l.StartsWith("streamvault", StringComparison.Ordinal));
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Output, StringComparison.Ordinal);
    }
}
