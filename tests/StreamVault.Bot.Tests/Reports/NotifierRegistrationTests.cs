using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Catalog.Reports;

namespace StreamVault.Bot.Tests.Reports;

/// <summary>Reports are told to the bot's admins only when there is a bot: without a token nothing is registered.</summary>
public sealed class NotifierRegistrationTests
{
    [Theory]
    [InlineData(null, 0)]
    [InlineData(" ", 0)]
    [InlineData("7000000001:standin-token", 1)]
    public void The_notifier_is_registered_only_with_a_bot_token(string? token, int expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["StreamVault:Bot:Token"] = token }).Build();
        var services = new ServiceCollection().AddManagerBot(configuration);
        Assert.Equal(expected, services.Count(d => d.ServiceType == typeof(IAbuseReportNotifier)));
    }
}
