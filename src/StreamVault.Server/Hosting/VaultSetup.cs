using StreamVault.Server.Catalog;
using StreamVault.Vaults;
using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Local;
using StreamVault.Vaults.Simulated;

namespace StreamVault.Server.Hosting;

internal static class VaultSetup
{
    /// <summary>The local folder vault is always there (demo titles and earlier ingests stay readable); a remote vault,
    /// when chosen, becomes the default for new ingests and gets the slice cache in front of it.</summary>
    public static IServiceCollection AddVaults(this IServiceCollection services, IConfiguration configuration, StreamVaultOptions options)
    {
        if (options.UsesSimulatedTelegram)
        {
            var simulated = configuration.GetSection("StreamVault:SimulatedTelegram").Get<SimulatedTelegramOptions>() ?? new SimulatedTelegramOptions();
            simulated = simulated with { StorageFolder = simulated.StorageFolder ?? Path.Combine(options.FullDataDirectory, "telegram-sim") };
            services.AddSimulatedTelegramVault(simulated);
        }

        services.AddLocalVault(new LocalFolderVaultOptions(options.VaultDirectory, options.LocalVaultMaxPartSize));
        services.AddSliceCache(new SliceCacheOptions { Root = options.FullSliceCacheDirectory, CapacityBytes = options.SliceCacheBytes });
        services.AddSingleton<IContentPurger, SliceCachePurger>();
        return services;
    }

    private sealed class SliceCachePurger(ISliceCache cache) : IContentPurger
    {
        public Task PurgeAsync(MediaObject media, CancellationToken cancellationToken) => cache.PurgeAsync(media.MediaFileId, cancellationToken);
    }
}
