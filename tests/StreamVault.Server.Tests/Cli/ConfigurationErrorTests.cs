using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Cli;

public sealed class ConfigurationErrorTests
{
    [Theory]
    [InlineData("STREAMVAULT__VAULT", "bogus", "StreamVault:Vault must be")]
    [InlineData("STREAMVAULT__STREAMLINKLIFETIME", "not-a-duration", "StreamLinkLifetime")]
    public async Task Bad_configuration_is_a_clear_message_and_exit_code_2(string variable, string value, string expected)
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(folder.Combine("data"), new Dictionary<string, string> { [variable] = value }, "titles");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("configuration is not valid", result.Output, StringComparison.Ordinal);
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }
}
