using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamVault.Vaults;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Simulation;

public static class SimulationServiceCollectionExtensions
{
    /// <summary>
    /// Adds a simulated Telegram vault (sessions with budgets, FLOOD_WAIT, latency, faults) and its swarm to the
    /// registry. Becomes the default vault only when no other vault registered the registry. Also registers
    /// <see cref="ISwarmMonitor"/> for the admin endpoint. The caller validates <paramref name="options"/> first
    /// (<see cref="SimulatedTelegramOptions.Validate"/>), once, and reports the failures its own way.
    /// </summary>
    public static IServiceCollection AddSimulatedTelegramVault(this IServiceCollection services, SimulatedTelegramOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services.AddSwarmVault(options.VaultId, sp => new SimulatedTelegramVault(options, sp.GetRequiredService<TimeProvider>(), Logger<ISessionSwarm>(sp)));
    }

    private static ILogger<T> Logger<T>(IServiceProvider sp) =>
        sp.GetService<ILogger<T>>() ?? NullLogger<T>.Instance;
}
