namespace StreamVault.Server.Hosting;

/// <summary>Configuration for every command: appsettings.json in the working directory, then STREAMVAULT__* environment
/// variables, then command-line overrides.</summary>
internal static class StreamVaultConfiguration
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

    /// <summary>A service provider for a command without the web server: the shared core (options, database, vaults)
    /// plus only the modules <paramref name="modules"/> adds. Options are validated here, as a host would at start.</summary>
    public static async Task<ServiceProvider> BuildServicesAsync(IDictionary<string, string?>? overrides, Action<IServiceCollection> modules, CancellationToken cancellationToken)
    {
        var configuration = Build(overrides);
        var collection = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error))
            .AddStreamVaultCore(configuration);
        modules(collection);
        var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
        try
        {
            services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
            await services.InitializeAsync(cancellationToken);
            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }
}
