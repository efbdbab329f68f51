using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamVault.Vaults.Local;

namespace StreamVault.Vaults;

public static class VaultServiceCollectionExtensions
{
    /// <summary>Registers the local-folder vault as the default vault and the direct byte source.</summary>
    public static IServiceCollection AddLocalVault(this IServiceCollection services, LocalFolderVaultOptions options)
    {
        services.AddSingleton<IVault>(_ => new LocalFolderVault(options));
        services.AddSingleton<IVaultRegistry>(sp => new VaultRegistry(sp.GetServices<IVault>(), LocalFolderVault.VaultId));
        services.AddSingleton<IMediaByteSource>(sp => new DirectByteSource(sp.GetRequiredService<IVaultRegistry>(), sp.GetRequiredService<ILogger<DirectByteSource>>()));
        return services;
    }
}
