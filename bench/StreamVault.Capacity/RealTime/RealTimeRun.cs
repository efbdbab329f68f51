using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using StreamVault.Delivery.Streaming;

namespace StreamVault.Capacity.RealTime;

/// <summary>
/// One setting on real time: the server in a child process (<see cref="SyntheticLibraryServer"/>), viewers in this
/// one, each a <see cref="Viewer"/> whose range requests go over loopback HTTP with back-pressure — the same player
/// model and the same plans (seed for seed) as the virtual-time run of the setting, so the two can be compared.
/// </summary>
internal static class RealTimeRun
{
    public static async Task<ScenarioResult> RunAsync(Scenario scenario, int seed, IReadOnlyList<string> serverSettings)
    {
        var wall = Stopwatch.StartNew();
        var bytesPerSecond = scenario.Mbps * 1_000_000 / 8;
        var titleLength = CapacityRun.TitleLength(bytesPerSecond);
        // One more title than the viewers use, for the warm-up.
        var titles = (scenario.OneTitle ? 1 : scenario.Viewers) + 1;
        using var server = StartServer(scenario, titles, titleLength, serverSettings);
        try
        {
            var (address, ids) = await ReadyAsync(server);
            var signer = new LinkSigner(SHA256.HashData(Encoding.UTF8.GetBytes(SyntheticLibraryServer.Secret)), TimeProvider.System);
            var links = ids.Select(id =>
            {
                var (expires, signature) = signer.Sign(LinkPurpose.Play, id, TimeSpan.FromHours(6));
                return $"/stream/{id}/title.mkv?e={expires}&s={signature}";
            }).ToList();
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4096, PooledConnectionLifetime = TimeSpan.FromHours(1) })
            {
                BaseAddress = new Uri(address),
                Timeout = Timeout.InfiniteTimeSpan,
            };

            // The server's output is read all along: a full pipe would stop the server at its next log line.
            var stats = Channel.CreateUnbounded<ServerStats>();
            var reading = ReadStatsAsync(server, stats.Writer);
            await WarmUpAsync(client, links[^1]);
            await server.StandardInput.WriteLineAsync("stats");
            var before = await stats.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            var random = new Random(seed);
            var viewers = new List<Viewer>();
            for (var v = 0; v < scenario.Viewers; v++)
            {
                var link = links[scenario.OneTitle ? 0 : v];
                viewers.Add(new Viewer((offset, sink, ct) => ReadAsync(client, link, offset, sink, ct), titleLength, bytesPerSecond, CapacityRun.Plan(random, scenario), TimeProvider.System));
            }

            await Task.WhenAll(viewers.Select(v => Task.Run(v.RunAsync)));
            await server.StandardInput.WriteLineAsync("stats");
            var after = await stats.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            await server.StandardInput.WriteLineAsync("quit");
            await reading;
            if (Environment.GetEnvironmentVariable("CAPACITY_TRACE") == "1")
            {
                foreach (var (viewer, index) in viewers.Select((v, i) => (v, i)))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"viewer {index}: startup {viewer.Outcome.StartupSeconds:F2} s, seeks {string.Join(" ", viewer.Outcome.SeekSeconds.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))}, stalls {viewer.Outcome.Stalls}"));
                }
            }

            return CapacityRun.Summarize(scenario, viewers.Select(v => v.Outcome).ToList(), after.Requests - before.Requests, after.FloodWaits - before.FloodWaits, after.PeakPerSecond, 0, wall.Elapsed);
        }
        finally
        {
            if (!server.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>
    /// A server that has been up for a while has its code compiled, its thread pool grown and its database warm; a
    /// fresh process has none of that, and the first viewers would measure the JIT. A few ranges of a title nobody
    /// watches, one by one and then together, take those first-request costs out of the viewers' start-up times.
    /// </summary>
    private static async Task WarmUpAsync(HttpClient client, string link)
    {
        async Task GetAsync(long offset)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, link);
            request.Headers.Range = new RangeHeaderValue(offset, offset + (256 * 1024) - 1);
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            await response.Content.CopyToAsync(Stream.Null);
        }

        for (var i = 0; i < 3; i++)
        {
            await GetAsync(i * 64L * 1024 * 1024);
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => GetAsync((200L + (i * 8)) * 1024 * 1024)));
    }

    /// <summary>A media stack's request: open-ended from the offset, read as the player's buffer has room.</summary>
    private static async Task ReadAsync(HttpClient client, string link, long offset, Stream sink, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, link);
        request.Headers.Range = new RangeHeaderValue(offset, null);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(sink, 64 * 1024, cancellationToken);
    }

    private static Process StartServer(Scenario scenario, int titles, long titleLength, IReadOnlyList<string> serverSettings)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(typeof(RealTimeRun).Assembly.Location);
        foreach (var arg in new[] { "--serve-synthetic", "--titles", Int(titles), "--title-bytes", titleLength.ToString(CultureInfo.InvariantCulture), "--duration", Int((int)CapacityRun.TitleSeconds), "--sessions", Int(scenario.Sessions) })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var setting in serverSettings)
        {
            start.ArgumentList.Add("--set");
            start.ArgumentList.Add(setting);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the server process");
    }

    private static async Task<(string Address, List<string> Ids)> ReadyAsync(Process server)
    {
        string? address = null;
        var ids = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("ready ", StringComparison.Ordinal))
            {
                address = line[6..];
            }
            else if (line.StartsWith("title ", StringComparison.Ordinal))
            {
                ids.Add(line[6..]);
            }
            else if (line == "titles-end")
            {
                return (address ?? throw new InvalidOperationException("the server printed no address"), ids);
            }
        }

        throw new InvalidOperationException($"the server process ended before it was ready (exit code {(server.HasExited ? server.ExitCode : -1)})");
    }

    private static async Task ReadStatsAsync(Process server, ChannelWriter<ServerStats> stats)
    {
        while (await server.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("stats ", StringComparison.Ordinal))
            {
                await stats.WriteAsync(JsonSerializer.Deserialize<ServerStats>(line[6..]) ?? throw new InvalidOperationException("empty stats"));
            }
        }

        stats.Complete();
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
