using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Vaults.Metrics;

/// <summary>
/// Publishes the slice cache's counters and every swarm's session health to Prometheus. Values are read from the
/// stats and snapshot records at each scrape (a before-collect callback), so the hot path carries no metric calls.
/// </summary>
public static class VaultMetrics
{
    /// <summary>Registers the collectors for whatever of <see cref="ISliceCache"/> and <see cref="ISwarmMonitor"/> the
    /// container holds. Call once at start: <c>app.Services.UseVaultMetrics()</c>.</summary>
    public static IServiceProvider UseVaultMetrics(this IServiceProvider services, CollectorRegistry? registry = null)
    {
        Register(registry ?? Prometheus.Metrics.DefaultRegistry, services.GetService<ISliceCache>(), services.GetService<ISwarmMonitor>());
        return services;
    }

    public static void Register(CollectorRegistry registry, ISliceCache? cache, ISwarmMonitor? swarms)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var cacheCounters = factory.CreateCounter("streamvault_slice_cache_events_total", "Slice cache events since start.", "event");
        var cacheGauges = factory.CreateGauge("streamvault_slice_cache", "Slice cache contents.", "measure");
        string[] sessionLabels = ["vault", "session", "dc"];
        var state = factory.CreateGauge("streamvault_swarm_session_state", "0 healthy, 1 benched (FLOOD_WAIT), 2 failing.", sessionLabels);
        var tokens = factory.CreateGauge("streamvault_swarm_session_tokens", "Request tokens available now.", sessionLabels);
        var rate = factory.CreateGauge("streamvault_swarm_session_rate", "Requests per second the session may use now (lowered after FLOOD_WAIT).", sessionLabels);
        var inFlight = factory.CreateGauge("streamvault_swarm_session_in_flight", "Requests in flight.", sessionLabels);
        var requests = factory.CreateCounter("streamvault_swarm_session_requests_total", "Requests sent.", sessionLabels);
        var floods = factory.CreateCounter("streamvault_swarm_session_flood_waits_total", "FLOOD_WAIT answers received.", sessionLabels);
        var failures = factory.CreateCounter("streamvault_swarm_session_failures_total", "Errors and timeouts.", sessionLabels);
        var spare = factory.CreateGauge("streamvault_swarm_spare_budget", "Share of the request budget unused in the last second.", "vault");
        var queued = factory.CreateGauge("streamvault_swarm_queued", "Requests waiting for budget.", "vault", "priority");

        registry.AddBeforeCollectCallback(() =>
        {
            if (cache?.Stats is { } s)
            {
                cacheCounters.WithLabels("hit").IncTo(s.Hits);
                cacheCounters.WithLabels("miss").IncTo(s.Misses);
                cacheCounters.WithLabels("eviction").IncTo(s.Evictions);
                cacheCounters.WithLabels("backend_fetch").IncTo(s.BackendFetches);
                cacheCounters.WithLabels("read_ahead_fetch").IncTo(s.ReadAheadFetches);
                cacheCounters.WithLabels("byte_served").IncTo(s.BytesServed);
                cacheCounters.WithLabels("hedge").IncTo(s.Hedges);
                cacheGauges.WithLabels("bytes_stored").Set(s.BytesStored);
                cacheGauges.WithLabels("slices_stored").Set(s.SlicesStored);
                cacheGauges.WithLabels("capacity_bytes").Set(s.CapacityBytes);
            }

            foreach (var swarm in swarms?.Snapshot() ?? [])
            {
                spare.WithLabels(swarm.VaultId).Set(swarm.SpareBudget);
                queued.WithLabels(swarm.VaultId, "demand").Set(swarm.QueuedDemand);
                queued.WithLabels(swarm.VaultId, "read_ahead").Set(swarm.QueuedReadAhead);
                foreach (var session in swarm.Sessions)
                {
                    string[] labels = [swarm.VaultId, session.Id, session.Dc.ToString(System.Globalization.CultureInfo.InvariantCulture)];
                    state.WithLabels(labels).Set((int)session.State);
                    tokens.WithLabels(labels).Set(session.Tokens);
                    rate.WithLabels(labels).Set(session.RequestsPerSecond);
                    inFlight.WithLabels(labels).Set(session.InFlight);
                    requests.WithLabels(labels).IncTo(session.Requests);
                    floods.WithLabels(labels).IncTo(session.FloodWaits);
                    failures.WithLabels(labels).IncTo(session.Failures);
                }
            }
        });
    }
}
