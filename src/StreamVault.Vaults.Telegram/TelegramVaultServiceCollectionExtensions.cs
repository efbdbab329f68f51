using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Vaults.Telegram;

public static class TelegramVaultServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Telegram channel vault and its session swarm (every saved session in
    /// <see cref="TelegramVaultOptions.SessionsFolder"/>) through <see cref="VaultServiceCollectionExtensions.AddSwarmVault"/>:
    /// it becomes the default vault only when no other vault registered the registry, and shows in <see cref="ISwarmMonitor"/>.
    /// The caller validates <paramref name="options"/> first (<see cref="TelegramVaultOptions.Validate"/> and
    /// <see cref="TelegramVaultOptions.CheckFiles"/>), once, and reports the failures in its own way.
    /// </summary>
    public static IServiceCollection AddTelegramVault(this IServiceCollection services, TelegramVaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSwarmVault(options.VaultId, sp => new TelegramVault(
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<TelegramVault>>() ?? NullLogger<TelegramVault>.Instance));
        // Channel import and auto-index read posts through the same swarm and budget as slices.
        services.AddSingleton<Channels.IChannelPostReader>(sp => sp.GetRequiredService<TelegramVault>());
        // Auto-index hears of new, edited and deleted posts as Telegram pushes them to the sessions.
        services.AddSingleton<Channels.IChannelEventSource>(sp => sp.GetRequiredService<TelegramVault>());
        // Sessions added or removed from the dashboard, the admin API or the bot join or leave this vault's swarm.
        services.AddSingleton<ITelegramSessionAdmin>(sp => new TelegramSessionAdmin(
            options,
            sp.GetRequiredService<TelegramVault>(),
            sp.GetService<ISessionAuditLog>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<TelegramSessionAdmin>>() ?? (ILogger)NullLogger.Instance));
        return services;
    }
}
