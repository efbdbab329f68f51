using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Cli;

public sealed class ConfigurationErrorTests
{
    [Theory]
    [InlineData("STREAMVAULT__VAULTS__DEFAULT", "bogus", "StreamVault:Vaults:Default must be", "titles")]
    [InlineData("STREAMVAULT__DELIVERY__LINKLIFETIME", "not-a-duration", "LinkLifetime", "policy show")]
    [InlineData("STREAMVAULT__SLICECACHE__CAPACITYBYTES", "5", "StreamVault:SliceCache:CapacityBytes must hold at least 4 slices", "titles")]
    [InlineData("STREAMVAULT__SLICECACHE__PROTECTEDFRACTION", "1.5", "StreamVault:SliceCache:ProtectedFraction", "titles")]
    [InlineData("STREAMVAULT__DELIVERY__LINKLIFETIME", "30.00:00:00", "StreamVault:Delivery:LinkLifetime must be between", "policy show")]
    public async Task Bad_configuration_is_a_clear_message_and_exit_code_2(string variable, string value, string expected, string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var folder = new TempFolder();

        // Each command validates the sections of the modules it builds: the delivery section with `policy`.
        var result = await CliProcess.RunAsync(folder.Combine("data"), new Dictionary<string, string> { [variable] = value }, command.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("configuration is not valid", result.Output, StringComparison.Ordinal);
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }
}
