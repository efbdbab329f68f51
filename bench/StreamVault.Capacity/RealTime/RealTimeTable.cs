using System.Globalization;

namespace StreamVault.Capacity.RealTime;

/// <summary>
/// The settings measured on real time, each run twice with the same viewers (same seed, same plans): over HTTP on
/// real time, then on virtual time through the engine alone. The virtual-time model is trusted for the capacity table
/// only where the two agree within <see cref="Agree"/>'s margin.
/// </summary>
internal static class RealTimeTable
{
    public const string Header = "| setting | sessions | viewers | stall-free | stalls (s) | rebuffer | startup p50/p95 s | seek p50/p95 s | req per viewer-s | requests | FLOOD_WAIT | peak req/s/session | faults injected | wall s |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    public static async Task<int> PrintAsync(int seed, int runSeconds, string? only, IReadOnlyList<string> serverSettings, bool virtualOnly = false)
    {
        Scenario[] scenarios =
        [
            new("1080p 5 Mbit/s, cold titles", 5, 20, 1, RunSeconds: runSeconds),
            new("1080p 5 Mbit/s, cold titles", 5, 40, 1, RunSeconds: runSeconds),
            new("4K WEB-DL 18 Mbit/s, cold titles", 18, 5, 1, RunSeconds: runSeconds),
            new("1080p 5 Mbit/s, one hot title", 5, 40, 1, OneTitle: true, RunSeconds: runSeconds),
        ];
        Console.WriteLine($"StreamVault on real time vs virtual time, seed {seed}: runs of {runSeconds} s; one simulated session, 30 req/s, FLOOD_WAIT above 30 in a sliding second, latency 80-250 ms.");
        Console.WriteLine("Viewers: arrive in the first 10 s, buffer target 30 s, start/resume at 2 s, two seeks each, a third pause once, a fifth quit early.");
        Console.WriteLine(serverSettings.Count == 0 ? "Server settings: defaults." : $"Server settings: {string.Join(", ", serverSettings)}.");
        Console.WriteLine();
        Console.WriteLine(Header);
        var disagreements = 0;
        // --only matches the name with its viewer count, e.g. "cold titles x40".
        foreach (var scenario in scenarios.Where(s => only is null || $"{s.Name} x{s.Viewers}".Contains(only, StringComparison.OrdinalIgnoreCase)))
        {
            var simulated = CapacityRun.Run(scenario, seed);
            if (virtualOnly)
            {
                Console.WriteLine(Row(simulated, $"{scenario.Name} — virtual time"));
                continue;
            }

            var real = await RealTimeRun.RunAsync(scenario, seed, serverSettings);
            Console.WriteLine(Row(real, scenario.Name + " — real time, HTTP"));
            var verdict = Agree(real, simulated);
            Console.WriteLine(Row(simulated, $"{scenario.Name} — virtual time ({verdict ?? "agrees"})"));
            disagreements += verdict is null ? 0 : 1;
        }

        Console.WriteLine();
        Console.WriteLine("Margin: stall-free viewers within max(1, 5 %) of the viewers; startup and seek p95 within 0.5 s or 25 %; backend requests per viewer-second within 15 %; FLOOD_WAIT equal.");
        return disagreements == 0 ? 0 : 1;
    }

    public static string Row(ScenarioResult r, string name) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {r.Scenario.Sessions} | {r.Scenario.Viewers} | {r.StallFree}/{r.Scenario.Viewers} | {r.Stalls} ({r.StallSeconds:F1}) | {r.RebufferRatio:P2} | {r.StartupP50:F2} / {r.StartupP95:F2} | {Seconds(r.SeekP50)} / {Seconds(r.SeekP95)} | {r.RequestsPerViewerSecond:F3} | {r.Requests} | {r.FloodWaits} | {r.PeakPerSecond} | {r.Faults} | {r.Wall.TotalSeconds:F1} |");

    /// <summary>Null when the virtual-time run agrees with the real one within the stated margin; else what differs.</summary>
    public static string? Agree(ScenarioResult real, ScenarioResult simulated)
    {
        var differences = new List<string>();
        if (Math.Abs(real.StallFree - simulated.StallFree) > Math.Max(1, 0.05 * real.Scenario.Viewers))
        {
            differences.Add("stall-free");
        }

        if (!Close(real.StartupP95, simulated.StartupP95))
        {
            differences.Add("startup p95");
        }

        if (!Close(real.SeekP95, simulated.SeekP95))
        {
            differences.Add("seek p95");
        }

        if (Math.Abs(real.RequestsPerViewerSecond - simulated.RequestsPerViewerSecond) > 0.15 * real.RequestsPerViewerSecond)
        {
            differences.Add("req per viewer-s");
        }

        if (real.FloodWaits != simulated.FloodWaits)
        {
            differences.Add("FLOOD_WAIT");
        }

        return differences.Count == 0 ? null : "differs: " + string.Join(", ", differences);
    }

    private static bool Close(double a, double b) =>
        (double.IsNaN(a) && double.IsNaN(b)) || Math.Abs(a - b) <= Math.Max(0.5, 0.25 * Math.Max(a, b));

    private static string Seconds(double value) => double.IsNaN(value) ? "-" : value.ToString("F2", CultureInfo.InvariantCulture);
}
