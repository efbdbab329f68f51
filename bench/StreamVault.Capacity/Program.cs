using System.Globalization;
using StreamVault.Capacity;

// Capacity of the streaming engine against the simulated Telegram, on virtual time.
//   dotnet run -c Release --project bench/StreamVault.Capacity -- [--seed N] [--cache-sim] [--only NAME]
var seed = 1;
var cacheSim = false;
string? only = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seed":
            seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--cache-sim":
            cacheSim = true;
            break;
        case "--only":
            only = args[++i];
            break;
        default:
            Console.Error.WriteLine($"Unknown argument {args[i]}. Use --seed N, --cache-sim, --only NAME.");
            return 2;
    }
}

if (cacheSim)
{
    CacheSimulation.Print(seed);
    return 0;
}

Scenario[] scenarios =
[
    new("1080p 5 Mbit/s", 5, 20, 1),
    new("1080p 5 Mbit/s", 5, 40, 1),
    new("1080p 5 Mbit/s", 5, 50, 1),
    new("1080p 5 Mbit/s", 5, 60, 1),
    new("1080p 5 Mbit/s", 5, 70, 1),
    new("1080p 5 Mbit/s", 5, 160, 4),
    new("1080p 5 Mbit/s + faults", 5, 160, 4, Faults: true),
    new("1080p, Telegram grants 20 req/s (30 set)", 5, 20, 1, TelegramLimit: 20),
    new("1080p, Telegram grants 20 req/s (30 set), no slowdown", 5, 20, 1, TelegramLimit: 20, FloodBackoff: 1),
    new("4K WEB-DL 18 Mbit/s", 18, 10, 1),
    new("4K WEB-DL 18 Mbit/s", 18, 40, 4),
    new("4K REMUX 65 Mbit/s", 65, 3, 1),
    new("4K REMUX 65 Mbit/s", 65, 12, 4),
    new("cold title, 1 viewer", 5, 1, 1, OneTitle: true, Plain: true),
    new("cold title, 100 viewers", 5, 100, 1, OneTitle: true, Plain: true),
];

Console.WriteLine($"StreamVault capacity, seed {seed}: 10 min of viewing per setting on virtual time; 30 req/s per session, FLOOD_WAIT above 30 in a sliding second; latency 80-250 ms.");
Console.WriteLine("Viewers: arrive over 1 min, buffer target 30 s, start/resume at 2 s, a third quit early, 0-3 seeks, 0-2 pauses.");
Console.WriteLine();
Console.WriteLine("| setting | sessions | viewers | stall-free | rebuffer | startup p50/p95 s | seek p50/p95 s | req per viewer-s | requests | FLOOD_WAIT | peak req/s/session | faults injected | wall s |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
var results = new List<ScenarioResult>();
foreach (var scenario in scenarios.Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
{
    var r = CapacityRun.Run(scenario, seed);
    results.Add(r);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {scenario.Name} | {scenario.Sessions} | {scenario.Viewers} | {r.StallFree}/{scenario.Viewers} | {r.RebufferRatio:P2} | {r.StartupP50:F2} / {r.StartupP95:F2} | {Seconds(r.SeekP50)} / {Seconds(r.SeekP95)} | {r.RequestsPerViewerSecond:F3} | {r.Requests} | {r.FloodWaits} | {r.PeakPerSecond} | {r.Faults} | {r.Wall.TotalSeconds:F1} |"));
}

var one = results.FirstOrDefault(r => r.Scenario.Name == "cold title, 1 viewer");
var hundred = results.FirstOrDefault(r => r.Scenario.Name == "cold title, 100 viewers");
if (one is not null && hundred is not null)
{
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cold title: 100 viewers cost {hundred.Requests} backend requests, one viewer {one.Requests}: {(double)hundred.Requests / one.Requests:F3}x (target <= 1.05x)."));
}

var perSession = results.Where(r => r.Scenario.Mbps == 5 && r.Scenario.Sessions == 1 && !r.Scenario.OneTitle && !r.Scenario.Faults && r.Scenario.TelegramLimit is null && r.StallFree == r.Scenario.Viewers && r.FloodWaits == 0)
    .Select(r => r.Scenario.Viewers).DefaultIfEmpty(0).Max();
Console.WriteLine();
Console.WriteLine("| 1080p (5 Mbit/s) viewers per session | seed estimate | this engine (largest all-stall-free setting run) |");
Console.WriteLine("|---|---|---|");
Console.WriteLine($"| one session, 30 req/s | 15-20 | {perSession} |");
return 0;

static string Seconds(double value) => double.IsNaN(value) ? "-" : value.ToString("F2", CultureInfo.InvariantCulture);
