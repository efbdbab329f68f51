using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Vaults.Telegram;

public static class TelegramVaultServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Telegram channel vault and its session swarm (every saved session in
    /// <see cref="TelegramVaultOptions.SessionsFolder"/>) to the registry. Becomes the default vault only when no other
    /// vault registered the registry. Also registers <see cref="ISwarmMonitor"/> for the admin endpoint.
    /// The caller validates <paramref name="options"/> first (<see cref="TelegramVaultOptions.Validate"/> and
    /// <see cref="TelegramVaultOptions.CheckFiles"/>), once, and reports the failures in its own way.
    /// </summary>
    public static IServiceCollection AddTelegramVault(this IServiceCollection services, TelegramVaultOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new TelegramVault(options, sp.GetRequiredService<TimeProvider>(), Logger<TelegramVault>(sp)));
        services.AddSingleton<IVault>(sp => sp.GetRequiredService<TelegramVault>());
        services.AddSingleton<ISwarmOwner>(sp => sp.GetRequiredService<TelegramVault>());
        services.TryAddSingleton<IVaultRegistry>(sp => new VaultRegistry(sp.GetServices<IVault>(), options.VaultId));
        services.TryAddSingleton<IMediaByteSource>(sp => new DirectByteSource(sp.GetRequiredService<IVaultRegistry>(), Logger<DirectByteSource>(sp)));
        services.TryAddSingleton<ISwarmMonitor>(sp => new SwarmMonitor(sp.GetServices<ISwarmOwner>()));
        return services;
    }

    private static ILogger<T> Logger<T>(IServiceProvider sp) =>
        sp.GetService<ILogger<T>>() ?? NullLogger<T>.Instance;
}
