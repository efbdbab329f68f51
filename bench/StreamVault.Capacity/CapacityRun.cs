using Microsoft.Extensions.Logging.Abstractions;
using StreamVault.Simulation;
using StreamVault.Vaults;
using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Capacity;

/// <param name="TelegramLimit">Requests per sliding second the simulated Telegram grants (30 unless set), while the
/// swarm stays configured for 30; <paramref name="FloodBackoff"/> 1 turns the swarm's slowdown after FLOOD_WAIT off.</param>
/// <param name="RunSeconds">Set for the settings measured on real time too: viewers then follow
/// <see cref="CapacityRun.Plan"/>'s short-run plans (arrivals in the first 10 s, two seeks each, some pauses and early
/// quits, all over within the run) instead of the ten-minute plans of the capacity table.</param>
internal sealed record Scenario(string Name, double Mbps, int Viewers, int Sessions, bool OneTitle = false, bool Plain = false, bool Faults = false, int? TelegramLimit = null, double FloodBackoff = 0.7, int? RunSeconds = null);

internal sealed record ScenarioResult(
    Scenario Scenario,
    int StallFree,
    int Stalls,
    double StallSeconds,
    double RebufferRatio,
    double StartupP50,
    double StartupP95,
    double SeekP50,
    double SeekP95,
    double RequestsPerViewerSecond,
    long Requests,
    long FloodWaits,
    int PeakPerSecond,
    long Faults,
    TimeSpan Wall);

/// <summary>
/// One capacity setting on virtual time: V viewers against S sessions of the simulated Telegram, through the real
/// slice cache, single flight, read-ahead and swarm. Titles are hollow (the server does not fill bytes, the cache keeps
/// only its index) so hundreds of viewers of 40-minute titles fit in memory; every request, budget and delay is real.
/// </summary>
internal static class CapacityRun
{
    public const double TitleSeconds = 40 * 60;
    private const double WatchMinutes = 10;

    /// <summary>Bytes of a 40-minute title at the bitrate.</summary>
    public static long TitleLength(double bytesPerSecond) => (long)(bytesPerSecond * TitleSeconds);

    public static ScenarioResult Run(Scenario scenario, int seed)
    {
        var wall = System.Diagnostics.Stopwatch.StartNew();
        using var loop = new VirtualTimeLoop();
        using var vault = new SimulatedTelegramVault(new SimulatedTelegramOptions
        {
            Sessions = scenario.Sessions,
            Seed = seed,
            ErrorRate = scenario.Faults ? 0.02 : 0,
            TimeoutRate = scenario.Faults ? 0.01 : 0,
            DropRate = scenario.Faults ? 0.01 : 0,
            ReferenceExpiredRate = scenario.Faults ? 0.01 : 0,
            FloodLimitPerSecond = scenario.TelegramLimit ?? 30,
            Swarm = new SwarmOptions { FloodBackoff = scenario.FloodBackoff },
        }, loop, NullLogger.Instance);
        var registry = new VaultRegistry([vault], vault.Id);
        var cacheOptions = new SliceCacheOptions { CapacityBytes = 1L << 42 };
        var counters = new CacheCounters();
        var flights = new SliceFlights(new MemorySliceStore(cacheOptions, keepBytes: false), new SliceFetcher(registry, NullLogger.Instance, loop, cacheOptions.HedgeAfter), counters, NullLogger.Instance);
        using var source = new SliceCachedByteSource(new DirectByteSource(registry, NullLogger<DirectByteSource>.Instance), registry, flights, counters, cacheOptions, loop);
        var bytesPerSecond = scenario.Mbps * 1_000_000 / 8;
        var titleLength = TitleLength(bytesPerSecond);
        var titles = new Dictionary<int, MediaObject>();
        var random = new Random(seed);
        var viewers = new List<Viewer>();
        for (var v = 0; v < scenario.Viewers; v++)
        {
            var title = scenario.OneTitle ? 0 : v;
            if (!titles.TryGetValue(title, out var media))
            {
                media = AddTitle(vault, title + 1, titleLength, bytesPerSecond);
                titles[title] = media;
            }

            viewers.Add(new Viewer((offset, sink, ct) => source.CopyRangeAsync(media, offset, media.Length - offset, new StreamFlushWriter(sink), ct), media.Length, bytesPerSecond, Plan(random, scenario), loop));
        }

        // CAPACITY_TRACE=1 prints the swarm once a virtual second: where a scheduling change shows first.
        var trace = Environment.GetEnvironmentVariable("CAPACITY_TRACE") == "1";
        loop.Run(async () =>
        {
            var all = Task.WhenAll(viewers.Select(v => v.RunAsync()));
            while (trace && !all.IsCompleted)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), loop);
                var snap = vault.Swarm.Snapshot();
                Console.WriteLine($"t={loop.GetUtcNow():mm:ss} grants={snap.Sessions[0].RequestsLastSecond} inflight={snap.Sessions[0].InFlight} qDemand={snap.QueuedDemand} qAhead={snap.QueuedReadAhead} tokens={snap.Sessions[0].Tokens}");
            }

            await all;
        });

        var server = vault.Server.Counters;
        return Summarize(scenario, viewers.Select(v => v.Outcome).ToList(), server.Requests, server.FloodWaitsIssued, vault.Server.PeakRequestsPerSecond, server.FaultsInjected, wall.Elapsed);
    }

    /// <summary>One row of the table from what the viewers lived through and what the simulated Telegram counted.</summary>
    public static ScenarioResult Summarize(Scenario scenario, List<ViewerOutcome> outcomes, long requests, long floodWaits, int peakPerSecond, long faults, TimeSpan wall)
    {
        var played = outcomes.Sum(o => o.PlayedSeconds);
        var stalled = outcomes.Sum(o => o.StallSeconds);
        var seekTimes = outcomes.SelectMany(o => o.SeekSeconds).ToList();
        var startups = outcomes.Select(o => o.StartupSeconds).Where(s => !double.IsNaN(s)).ToList();
        return new ScenarioResult(
            scenario,
            outcomes.Count(o => o.Stalls == 0 && !double.IsNaN(o.StartupSeconds)),
            outcomes.Sum(o => o.Stalls),
            stalled,
            played + stalled == 0 ? 0 : stalled / (played + stalled),
            Percentile(startups, 0.5),
            Percentile(startups, 0.95),
            Percentile(seekTimes, 0.5),
            Percentile(seekTimes, 0.95),
            played == 0 ? 0 : requests / played,
            requests,
            floodWaits,
            peakPerSecond,
            faults,
            wall);
    }

    /// <summary>Real behaviour: arrivals over the first minute; a third quit early; 0-3 seeks; 0-2 pauses.
    /// "Plain" viewers (the cold-title comparison) all watch the same first minutes without seeking or pausing.</summary>
    public static ViewerPlan Plan(Random random, Scenario scenario)
    {
        if (scenario.RunSeconds is { } run)
        {
            return ShortPlan(random, run);
        }

        var arrival = TimeSpan.FromSeconds(random.NextDouble() * 60);
        if (scenario.Plain)
        {
            return new ViewerPlan(arrival, WatchMinutes * 60, [], []);
        }

        var watch = random.NextDouble() < 0.33 ? 60 + (random.NextDouble() * ((WatchMinutes * 60) - 60)) : WatchMinutes * 60;
        var seeks = Enumerable.Range(0, random.Next(4)).Select(_ => (random.NextDouble() * watch, random.NextDouble() * 0.9)).ToList();
        var pauses = Enumerable.Range(0, random.Next(3)).Select(_ => (random.NextDouble() * watch, 5 + (random.NextDouble() * 55))).ToList();
        return new ViewerPlan(arrival, watch, seeks, pauses);
    }

    /// <summary>Plans that fit a run of <paramref name="runSeconds"/>: arrivals over the first 10 s; one viewer in
    /// five quits after 40-90 % of the run; two seeks each, anywhere in the title; one viewer in three pauses once for
    /// 5-20 s. The last viewer is done (or has given up) before the run ends.</summary>
    private static ViewerPlan ShortPlan(Random random, int runSeconds)
    {
        var arrival = random.NextDouble() * 10;
        var watch = runSeconds - 10 - 25.0; // room for startup, seeks and a pause inside the run
        if (random.NextDouble() < 0.2)
        {
            watch *= 0.4 + (random.NextDouble() * 0.5);
        }

        var seeks = Enumerable.Range(0, 2).Select(_ => (AtPlayed: (0.1 + (random.NextDouble() * 0.8)) * watch, ToFraction: random.NextDouble() * 0.9)).ToList();
        var pauses = random.NextDouble() < 1.0 / 3 ? [(random.NextDouble() * watch, 5 + (random.NextDouble() * 15))] : new List<(double, double)>();
        return new ViewerPlan(TimeSpan.FromSeconds(arrival), watch, seeks, pauses);
    }

    private static MediaObject AddTitle(SimulatedTelegramVault vault, int id, long length, double bytesPerSecond)
    {
        var parts = new List<StoredPart>();
        for (long offset = 0; offset < length; offset += vault.MaxPartSize)
        {
            var partLength = Math.Min(vault.MaxPartSize, length - offset);
            var locator = $"title{id}.{parts.Count:D4}";
            vault.Server.AddSynthetic(locator, partLength, seed: 0); // hollow
            parts.Add(new StoredPart(parts.Count, locator, partLength));
        }

        return new MediaObject(id, 1, length, [new MediaReplica(vault.Id, parts)], bytesPerSecond);
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        return values[Math.Clamp((int)Math.Ceiling(p * values.Count) - 1, 0, values.Count - 1)];
    }
}
