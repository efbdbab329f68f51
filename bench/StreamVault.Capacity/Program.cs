using System.Globalization;
using StreamVault.Capacity;
using StreamVault.Capacity.RealTime;

// Capacity of the streaming engine against the simulated Telegram, on virtual time.
//   dotnet run -c Release --project bench/StreamVault.Capacity -- [--seed N] [--cache-sim] [--only NAME]
// The same viewers on real time, over HTTP to the whole server in a child process, beside their virtual-time run:
//   dotnet run -c Release --project bench/StreamVault.Capacity -- --real-time [--seconds 150] [--only NAME] [--set Key=Value]...
if (args.Length > 0 && args[0] == "--serve-synthetic")
{
    return await ServeSyntheticAsync(args);
}

var seed = 1;
var cacheSim = false;
var realTime = false;
var virtualOnly = false;
var runSeconds = 150;
var serverSettings = new List<string>();
string? only = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--real-time":
            realTime = true;
            break;
        case "--virtual-only":
            // The real-time settings on virtual time alone: seconds per run instead of minutes, for tuning.
            realTime = virtualOnly = true;
            break;
        case "--seconds":
            runSeconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--set":
            serverSettings.Add(args[++i]);
            break;
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
            Console.Error.WriteLine($"Unknown argument {args[i]}. Use --seed N, --cache-sim, --only NAME, --real-time [--seconds N] [--set Key=Value].");
            return 2;
    }
}

if (realTime)
{
    return await RealTimeTable.PrintAsync(seed, runSeconds, only, serverSettings, virtualOnly);
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
Console.WriteLine(RealTimeTable.Header);
var results = new List<ScenarioResult>();
foreach (var scenario in scenarios.Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
{
    var r = CapacityRun.Run(scenario, seed);
    results.Add(r);
    Console.WriteLine(RealTimeTable.Row(r, scenario.Name));
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

static async Task<int> ServeSyntheticAsync(string[] args)
{
    int titles = 1, sessions = 1;
    long titleBytes = 1 << 30;
    double duration = CapacityRun.TitleSeconds;
    var extra = new Dictionary<string, string?>(StringComparer.Ordinal);
    for (var i = 1; i + 1 < args.Length; i += 2)
    {
        var value = args[i + 1];
        switch (args[i])
        {
            case "--titles": titles = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--title-bytes": titleBytes = long.Parse(value, CultureInfo.InvariantCulture); break;
            case "--duration": duration = double.Parse(value, CultureInfo.InvariantCulture); break;
            case "--sessions": sessions = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--set" when value.IndexOf('=', StringComparison.Ordinal) is > 0 and var equals: extra[value[..equals]] = value[(equals + 1)..]; break;
            default:
                Console.Error.WriteLine($"Unknown or malformed argument {args[i]} {value}.");
                return 2;
        }
    }

    return await SyntheticLibraryServer.RunAsync(titles, titleBytes, duration, sessions, extra);
}
