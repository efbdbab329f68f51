namespace StreamVault.Server.Hosting;

/// <summary>Configuration for every command: appsettings.json in the working directory, then STREAMVAULT__* environment
/// variables, then command-line overrides.</summary>
public static class StreamVaultConfiguration
{
    public static IConfigurationRoot Build(IDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables();
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        return builder.Build();
    }

    /// <summary>A service provider for commands that need the catalogue and vaults but no web server.</summary>
    public static async Task<ServiceProvider> BuildServicesAsync(IDictionary<string, string?>? overrides, CancellationToken cancellationToken)
    {
        var configuration = Build(overrides);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error))
            .AddStreamVaultServices(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
        await services.InitializeAsync(cancellationToken);
        return services;
    }
}
