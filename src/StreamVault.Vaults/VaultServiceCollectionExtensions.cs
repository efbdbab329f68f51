using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Local;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Vaults;

public static class VaultServiceCollectionExtensions
{
    /// <summary>Registers the local-folder vault as the default vault and the direct byte source.</summary>
    public static IServiceCollection AddLocalVault(this IServiceCollection services, LocalFolderVaultOptions options)
    {
        services.AddSingleton<IVault>(_ => new LocalFolderVault(options));
        services.TryAddSingleton<IVaultRegistry>(sp => new VaultRegistry(sp.GetServices<IVault>(), LocalFolderVault.VaultId));
        services.Replace(ServiceDescriptor.Singleton<IMediaByteSource>(sp => new DirectByteSource(sp.GetRequiredService<IVaultRegistry>(), Logger<DirectByteSource>(sp))));
        return services;
    }

    /// <summary>
    /// Registers a vault that reads through a session swarm (Telegram, or any backend with request budgets), the way a
    /// third-party vault would: the vault itself, as <see cref="IVault"/> and as <see cref="ISwarmOwner"/>; the registry
    /// with <paramref name="defaultVaultId"/> as default and the direct byte source unless a vault registered them
    /// already; and <see cref="ISwarmMonitor"/> over every swarm for the admin endpoint and metrics.
    /// </summary>
    public static IServiceCollection AddSwarmVault<TVault>(this IServiceCollection services, string defaultVaultId, Func<IServiceProvider, TVault> create)
        where TVault : class, IVault, ISwarmOwner
    {
        ArgumentNullException.ThrowIfNull(create);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(create);
        services.AddSingleton<IVault>(sp => sp.GetRequiredService<TVault>());
        services.AddSingleton<ISwarmOwner>(sp => sp.GetRequiredService<TVault>());
        services.TryAddSingleton<IVaultRegistry>(sp => new VaultRegistry(sp.GetServices<IVault>(), defaultVaultId));
        services.TryAddSingleton<IMediaByteSource>(sp => new DirectByteSource(sp.GetRequiredService<IVaultRegistry>(), Logger<DirectByteSource>(sp)));
        services.TryAddSingleton<ISwarmMonitor>(sp => new SwarmMonitor(sp.GetServices<ISwarmOwner>()));
        return services;
    }

    /// <summary>
    /// Puts the disk slice cache (single flight, read-ahead) in front of the registered <see cref="IMediaByteSource"/>
    /// for media without a local-folder replica. Call after the vaults. Registers <see cref="ISliceCache"/> for stats
    /// and takedown purges. The caller validates <paramref name="options"/> first (<see cref="SliceCacheOptions.Validate"/>),
    /// once, and reports the failures its own way.
    /// </summary>
    public static IServiceCollection AddSliceCache(this IServiceCollection services, SliceCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(IMediaByteSource))
            ?? throw new InvalidOperationException("AddSliceCache decorates the byte source: call AddLocalVault or another vault registration first.");
        services.Remove(inner);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var store = new DiskSliceStore(options, Logger<DiskSliceStore>(sp));
            var counters = new CacheCounters();
            var fetcher = new SliceFetcher(sp.GetRequiredService<IVaultRegistry>(), Logger<SliceFetcher>(sp), sp.GetRequiredService<TimeProvider>(), options.HedgeAfter);
            var flights = new SliceFlights(store, fetcher, counters, Logger<SliceFlights>(sp));
            return new SliceCachedByteSource(Resolve(inner, sp), sp.GetRequiredService<IVaultRegistry>(), flights, counters, options, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IMediaByteSource>(sp => sp.GetRequiredService<SliceCachedByteSource>());
        services.AddSingleton<ISliceCache>(sp => sp.GetRequiredService<SliceCachedByteSource>());
        return services;
    }

    private static IMediaByteSource Resolve(ServiceDescriptor descriptor, IServiceProvider sp) =>
        (IMediaByteSource)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!));

    private static ILogger<T> Logger<T>(IServiceProvider sp) =>
        sp.GetService<ILogger<T>>() ?? NullLogger<T>.Instance;
}

internal sealed class SwarmMonitor(IEnumerable<ISwarmOwner> owners) : ISwarmMonitor
{
    public IReadOnlyList<SwarmSnapshot> Snapshot() => [.. owners.Select(o => o.Swarm.Snapshot())];
}
