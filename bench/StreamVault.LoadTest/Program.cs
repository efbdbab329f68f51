using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using StreamVault.Delivery.Streaming;

// Load test over real HTTP: starts the StreamVault server as a child process on loopback (on the vault chosen with
// --vault), ingests generated titles through the real CLI, then runs a bounded number of concurrent range readers —
// hot titles (most readers) and cold titles mixed — for a fixed time, and prints throughput, errors, latency
// percentiles and the server's peak resident memory (VmHWM). Traffic goes to 127.0.0.1 only.
var settings = LoadSettings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine("usage: StreamVault.LoadTest [--vault local|simulated-telegram] [--streams 1000] [--seconds 20] [--titles 8] [--title-mib 64] [--range-kib 1024] [--cold-seeks 0]");
    return 2;
}

var work = Directory.CreateTempSubdirectory("sv-load-");
try
{
    return await LoadRun.RunAsync(settings, work.FullName);
}
finally
{
    work.Delete(recursive: true);
}

internal sealed record LoadSettings(string Vault, int Streams, int Seconds, int Titles, int TitleMiB, int RangeKiB, int ColdSeeks)
{
    public static LoadSettings? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--vault"] = "simulated-telegram", ["--streams"] = "1000", ["--seconds"] = "20", ["--titles"] = "8", ["--title-mib"] = "64", ["--range-kib"] = "1024", ["--cold-seeks"] = "0",
        };
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!values.ContainsKey(args[i]) || i + 1 >= args.Length)
            {
                return null;
            }

            values[args[i]] = args[i + 1];
        }

        int Int(string key) => int.Parse(values[key], CultureInfo.InvariantCulture);
        return new LoadSettings(values["--vault"], Int("--streams"), Int("--seconds"), Int("--titles"), Int("--title-mib"), Int("--range-kib"), Int("--cold-seeks"));
    }
}

internal static class LoadRun
{
    private const string Secret = "load-test-secret";

    private static bool Verbose => Environment.GetEnvironmentVariable("LOADTEST_VERBOSE") == "1";

    public static async Task<int> RunAsync(LoadSettings settings, string work)
    {
        var data = Path.Combine(work, "data");
        var media = Path.Combine(work, "media");
        Directory.CreateDirectory(media);
        for (var i = 0; i < settings.Titles; i++)
        {
            WriteRandomFile(Path.Combine(media, $"Load.Title.{i:D2}.2024.1080p.WEB-DL.x264-LOAD.mkv"), settings.TitleMiB * 1024L * 1024, i);
        }

        var environment = new Dictionary<string, string>
        {
            ["STREAMVAULT__DATADIRECTORY"] = data,
            ["STREAMVAULT__DELIVERY__LINKSIGNINGSECRET"] = Secret,
            ["STREAMVAULT__CATALOG__DEMOTITLES"] = "false",
            // The titles are random bytes behind a Matroska signature: without ffprobe ingest checks the signature only.
            ["STREAMVAULT__CATALOG__FFPROBEPATH"] = "none",
            ["STREAMVAULT__VAULTS__DEFAULT"] = settings.Vault,
        };
        if (settings.ColdSeeks > 0)
        {
            // A fixed backend latency and a fast link, so what a cold seek costs above the backend is what is left.
            environment["STREAMVAULT__SIMULATEDTELEGRAM__LATENCYMIN"] = ColdSeeks.BackendLatency.ToString();
            environment["STREAMVAULT__SIMULATEDTELEGRAM__LATENCYMAX"] = ColdSeeks.BackendLatency.ToString();
            environment["STREAMVAULT__SIMULATEDTELEGRAM__BANDWIDTHBYTESPERSECOND"] = (1L << 34).ToString(CultureInfo.InvariantCulture);
        }

        // Runtime settings for the server only (e.g. LOADTEST_SERVER_ENV="DOTNET_GCgen0size=0x2000000"), so experiments
        // with GC knobs do not also change the load client.
        foreach (var pair in (Environment.GetEnvironmentVariable("LOADTEST_SERVER_ENV") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            environment[pair[..equals]] = pair[(equals + 1)..];
        }

        Console.WriteLine($"ingesting {settings.Titles} titles of {settings.TitleMiB} MiB into the {settings.Vault} vault...");
        using (var ingest = Start(environment, "ingest", media))
        {
            await ingest.WaitForExitAsync();
            if (ingest.ExitCode != 0)
            {
                Console.Error.WriteLine($"ingest failed with exit code {ingest.ExitCode}");
                return 1;
            }
        }

        var port = FreePort();
        using var server = Start(environment, "serve", "--urls", $"http://127.0.0.1:{port}");
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Streams + 16, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromSeconds(60),
            };
            await WaitForHealthAsync(client);
            var links = MediaLinks(data, settings.Titles);
            foreach (var link in links)
            {
                // Warm-up: JIT and connection set-up should not count as latency under load.
                using var warm = await client.GetAsync(link, HttpCompletionOption.ResponseHeadersRead);
            }

            if (Verbose)
            {
                // For poking the running server by hand (curl) while the readers run.
                Console.WriteLine($"server {client.BaseAddress} pid {server.Id}; first link {links[0]}");
            }

            if (settings.ColdSeeks > 0)
            {
                return await ColdSeeks.RunAsync(client, links, settings);
            }

            var peak = new PeakMemory(server.Id);
            var result = await Readers.RunAsync(client, links, settings, peak);
            Report(settings, result, peak.PeakKiB);
            return result.Errors == 0 ? 0 : 1;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static Process Start(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "streamvault.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["NO_COLOR"] = "1";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (Verbose && e.Data is not null) { Console.WriteLine("[server] " + e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("[server] " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static List<string> MediaLinks(string data, int count)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "catalog.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT PublicId FROM MediaFiles ORDER BY OriginalName";
        using var reader = command.ExecuteReader();
        var signer = new LinkSigner(SHA256.HashData(Encoding.UTF8.GetBytes(Secret)), TimeProvider.System);
        var links = new List<string>();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            var (expires, signature) = signer.Sign(LinkPurpose.Play, id, TimeSpan.FromHours(2));
            links.Add($"/stream/{id}/load.mkv?e={expires}&s={signature}");
        }

        if (links.Count != count)
        {
            throw new InvalidOperationException($"expected {count} media files in the catalogue, found {links.Count}");
        }

        return links;
    }

    private static async Task WaitForHealthAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                using var response = await client.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the server did not become healthy within 30 s");
    }

    private static void Report(LoadSettings settings, ReaderResult result, long peakKiB)
    {
        var seconds = result.Elapsed.TotalSeconds;
        var latencies = result.LatenciesMs.Order().ToArray();
        double Percentile(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))];
        Console.WriteLine();
        Console.WriteLine($"vault                {settings.Vault}");
        Console.WriteLine($"concurrent streams   {settings.Streams} ({settings.Titles} titles, 80% of readers on the 2 hottest)");
        Console.WriteLine($"duration             {seconds:0.0} s");
        Console.WriteLine($"requests             {result.Requests} ({result.Requests / seconds:0} req/s)");
        Console.WriteLine($"throughput           {result.Bytes / seconds / (1 << 20):0.0} MiB/s");
        Console.WriteLine($"errors               {result.Errors}");
        Console.WriteLine($"latency p50/p99/max  {Percentile(0.50):0.0} / {Percentile(0.99):0.0} / {(latencies.Length == 0 ? double.NaN : latencies[^1]):0.0} ms");
        Console.WriteLine($"server peak RSS      {peakKiB / 1024.0:0.0} MiB");
    }

    private static void WriteRandomFile(string path, long length, int seed)
    {
        var random = new Random(seed);
        var buffer = new byte[1 << 20];
        using var file = File.Create(path);
        for (long written = 0; written < length; written += buffer.Length)
        {
            random.NextBytes(buffer);
            if (written == 0)
            {
                // The EBML magic of Matroska, which ingest without ffprobe asks of a file before taking it as media.
                buffer[0] = 0x1A;
                buffer[1] = 0x45;
                buffer[2] = 0xDF;
                buffer[3] = 0xA3;
            }

            file.Write(buffer, 0, (int)Math.Min(buffer.Length, length - written));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal sealed record ReaderResult(long Requests, long Bytes, long Errors, TimeSpan Elapsed, List<double> LatenciesMs);

internal static class Readers
{
    public static async Task<ReaderResult> RunAsync(HttpClient client, List<string> links, LoadSettings settings, PeakMemory peak)
    {
        var rangeBytes = settings.RangeKiB * 1024L;
        var titleBytes = settings.TitleMiB * 1024L * 1024;
        long requests = 0, bytes = 0, errors = 0;
        var latencies = new List<double>();
        var stopwatch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(settings.Seconds));
        using var sampler = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        var sampling = Task.Run(async () =>
        {
            while (await sampler.WaitForNextTickAsync())
            {
                peak.Sample();
            }
        });

        var readers = Enumerable.Range(0, settings.Streams).Select(async reader =>
        {
            var random = new Random(reader);
            // Most viewers watch the two hot titles; the rest spread over the cold tail.
            var link = random.NextDouble() < 0.8 ? links[random.Next(Math.Min(2, links.Count))] : links[random.Next(links.Count)];
            var position = random.NextInt64(titleBytes / rangeBytes) * rangeBytes;
            var local = new List<double>();
            var buffer = new byte[64 * 1024];
            while (!stop.IsCancellationRequested)
            {
                var end = Math.Min(position + rangeBytes, titleBytes) - 1;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, link);
                    request.Headers.Range = new RangeHeaderValue(position, end);
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
                    // Drain into one reused buffer: the client must not be what limits the server.
                    await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
                    long received = 0;
                    int read;
                    while ((read = await body.ReadAsync(buffer, stop.Token)) > 0)
                    {
                        received += read;
                    }

                    if (response.StatusCode != HttpStatusCode.PartialContent || received != end - position + 1)
                    {
                        if (Interlocked.Increment(ref errors) <= 3)
                        {
                            Console.Error.WriteLine($"unexpected answer: {(int)response.StatusCode}, {received} bytes for {end - position + 1}");
                        }
                    }

                    Interlocked.Add(ref bytes, received);
                    Interlocked.Increment(ref requests);
                    local.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }

                // Sequential viewing with an occasional seek.
                position = random.NextDouble() < 0.05 ? random.NextInt64(titleBytes / rangeBytes) * rangeBytes : end + 1;
                if (position >= titleBytes)
                {
                    position = 0;
                }
            }

            lock (latencies)
            {
                latencies.AddRange(local);
            }
        }).ToArray();
        await Task.WhenAll(readers);
        sampler.Dispose();
        await sampling;
        return new ReaderResult(requests, bytes, errors, stopwatch.Elapsed, latencies);
    }
}

/// <summary>
/// Cold seeks one at a time on an idle server: a 64 KiB range at a slice nobody asked for yet (a 64 KiB range gets no
/// read-ahead), timed to its first body byte. With the backend's latency fixed, first byte minus latency is what the
/// cache, swarm and HTTP path add to a seek.
/// </summary>
internal static class ColdSeeks
{
    public static readonly TimeSpan BackendLatency = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(HttpClient client, List<string> links, LoadSettings settings)
    {
        var slicesPerTitle = settings.TitleMiB;
        // Slice 0 (and what read-ahead took after it) was touched by the warm-up.
        var untouched = links.SelectMany(link => Enumerable.Range(4, slicesPerTitle - 4).Select(slice => (link, slice))).ToList();
        var random = new Random(11);
        var firstBytes = new List<double>();
        var buffer = new byte[1];
        for (var i = 0; i < settings.ColdSeeks && untouched.Count > 0; i++)
        {
            var pick = random.Next(untouched.Count);
            var (link, slice) = untouched[pick];
            untouched.RemoveAt(pick);
            var offset = (slice * (1L << 20)) + random.Next(1 << 19);
            using var request = new HttpRequestMessage(HttpMethod.Get, link);
            request.Headers.Range = new RangeHeaderValue(offset, offset + (64 * 1024) - 1);
            var started = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            if (response.StatusCode != HttpStatusCode.PartialContent || await body.ReadAsync(buffer) != 1)
            {
                Console.Error.WriteLine($"unexpected answer: {(int)response.StatusCode}");
                return 1;
            }

            firstBytes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await body.CopyToAsync(Stream.Null);
        }

        var sorted = firstBytes.Order().ToArray();
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        var latency = BackendLatency.TotalMilliseconds;
        Console.WriteLine();
        Console.WriteLine($"cold seeks           {sorted.Length} (64 KiB ranges at untouched slices, one at a time)");
        Console.WriteLine($"backend latency      {latency:0} ms fixed (simulated Telegram, link 16 GiB/s)");
        Console.WriteLine($"first byte p50/p95   {At(0.5):0.0} / {At(0.95):0.0} ms");
        Console.WriteLine($"added by StreamVault p50/p95 {At(0.5) - latency:0.0} / {At(0.95) - latency:0.0} ms");
        return 0;
    }
}

internal sealed class PeakMemory(int processId)
{
    public long PeakKiB { get; private set; }

    /// <summary>VmHWM is the kernel's own high-water mark of resident memory, so short peaks between samples still count.</summary>
    public void Sample()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    PeakKiB = Math.Max(PeakKiB, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture));
                }
            }
        }
        catch (IOException)
        {
            // The process ended between samples.
        }
    }
}
