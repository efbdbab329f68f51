using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Cli;

public sealed class ImportCommandTests
{
    [Fact]
    public async Task Bad_channels_and_a_missing_telegram_vault_are_one_line_with_exit_code_2()
    {
        using var folder = new TempFolder();
        var data = folder.Combine("data");

        var privateLink = await CliProcess.RunAsync(data, "import", "https://t.me/c/12345/6");
        var badFrom = await CliProcess.RunAsync(data, "import", "@films_archive", "--from-id", "0");
        var noVault = await CliProcess.RunAsync(data, "import", "@films_archive");
        var noVaultIndex = await CliProcess.RunAsync(data, "channels", "index", "on", "@films_archive");

        Assert.Equal(2, privateLink.ExitCode);
        Assert.Contains("private channel", privateLink.Output, StringComparison.Ordinal);
        Assert.Equal(2, badFrom.ExitCode);
        Assert.Contains("--from-id must be", badFrom.Output, StringComparison.Ordinal);
        foreach (var result in new[] { noVault, noVaultIndex })
        {
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("needs the Telegram vault", result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        }
    }
}
