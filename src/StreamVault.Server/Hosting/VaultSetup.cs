using Microsoft.Extensions.Options;
using StreamVault.Server.Catalog;
using StreamVault.Simulation;
using StreamVault.Vaults;
using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Local;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Server.Hosting;

internal static class VaultSetup
{
    /// <summary>The local folder vault is always there (demo titles and earlier ingests stay readable); a remote vault,
    /// when chosen, becomes the default for new ingests and gets the slice cache in front of it.</summary>
    public static IServiceCollection AddVaults(this IServiceCollection services, IConfiguration configuration, StreamVaultOptions options)
    {
        if (options.UsesTelegram)
        {
            var telegram = TelegramOptions(configuration, options);
            var errors = telegram.Validate(TelegramSection);
            if (errors.Count > 0)
            {
                // Thrown while the host is built: the command line prints each failure and exits with code 2.
                throw new OptionsValidationException(TelegramSection, typeof(TelegramVaultOptions), errors);
            }

            services.AddTelegramVault(telegram);
        }
        else if (options.UsesSimulatedTelegram)
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

    public const string TelegramSection = "StreamVault:Telegram";

    /// <summary>The StreamVault:Telegram section, with the sessions folder defaulting to DATA/telegram/sessions and
    /// relative paths taken from the working directory.</summary>
    public static TelegramVaultOptions TelegramOptions(IConfiguration configuration, StreamVaultOptions options)
    {
        var telegram = configuration.GetSection(TelegramSection).Get<TelegramVaultOptions>() ?? new TelegramVaultOptions();
        return telegram with
        {
            SessionsFolder = Path.GetFullPath(string.IsNullOrWhiteSpace(telegram.SessionsFolder) ? options.TelegramSessionsDirectory : telegram.SessionsFolder),
            StagingFolder = telegram.StagingFolder ?? Path.Combine(options.FullDataDirectory, "telegram", "staging"),
        };
    }

    private sealed class SliceCachePurger(ISliceCache cache) : IContentPurger
    {
        public Task PurgeAsync(MediaObject media, CancellationToken cancellationToken) => cache.PurgeAsync(media.MediaFileId, cancellationToken);
    }
}
