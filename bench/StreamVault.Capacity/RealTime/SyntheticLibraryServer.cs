using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Core.Catalog;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Server.Hosting;
using StreamVault.Simulation;
using StreamVault.Vaults;

namespace StreamVault.Capacity.RealTime;

/// <summary>
/// The server side of a real-time run, in a process of its own: the real StreamVault web server (every module, the
/// disk slice cache, Kestrel on loopback) on the simulated Telegram vault, whose library is synthetic titles — bytes
/// computed from the position, so forty 40-minute titles cost neither disk nor an ingest. Each title is entered in the
/// catalogue as ingest would enter it. Speaks one line at a time on stdin/stdout with the parent: it prints
/// <c>ready {address}</c> and one line per title (<c>title {public id}</c>, then <c>titles-end</c>), answers <c>stats</c> with the simulated
/// server's counters as JSON, and stops on <c>quit</c> or end of input.
/// </summary>
internal static class SyntheticLibraryServer
{
    public const string Secret = "real-time-capacity-secret";

    public static async Task<int> RunAsync(int titles, long titleBytes, double durationSeconds, int sessions, IReadOnlyDictionary<string, string?> extra)
    {
        var data = Directory.CreateTempSubdirectory("sv-realtime-");
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["StreamVault:DataDirectory"] = data.FullName,
                ["StreamVault:Catalog:DemoTitles"] = "false",
                ["StreamVault:Delivery:LinkSigningSecret"] = Secret,
                ["StreamVault:Vaults:Default"] = "simulated-telegram",
                ["StreamVault:SimulatedTelegram:Sessions"] = sessions.ToString(CultureInfo.InvariantCulture),
                ["Logging:LogLevel:Default"] = "Warning",
            };
            foreach (var (key, value) in extra)
            {
                settings[key] = value;
            }

            var builder = StreamVaultApp.CreateBuilder(settings);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            await using var app = builder.Build();
            await app.Services.InitializeAsync();
            app.MapStreamVault();
            await app.StartAsync();
            var vault = (SimulatedTelegramVault)app.Services.GetRequiredService<IVaultRegistry>().Default;
            var ids = await AddTitlesAsync(app.Services, vault, titles, titleBytes, durationSeconds);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            Console.WriteLine($"ready {address}");
            foreach (var id in ids)
            {
                Console.WriteLine($"title {id}");
            }

            Console.WriteLine("titles-end");

            string? line;
            while ((line = await Console.In.ReadLineAsync()) is not null && line != "quit")
            {
                if (line == "stats")
                {
                    var c = vault.Server.Counters;
                    Console.WriteLine("stats " + JsonSerializer.Serialize(new ServerStats(c.Requests, c.FloodWaitsIssued, c.RequestsWhileBenched, vault.Server.PeakRequestsPerSecond)));
                }
            }

            await app.StopAsync();
            return 0;
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static async Task<List<string>> AddTitlesAsync(IServiceProvider services, SimulatedTelegramVault vault, int count, long titleBytes, double durationSeconds)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var now = DateTime.UtcNow;
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var parts = new List<ReplicaPart>();
            for (long offset = 0; offset < titleBytes; offset += vault.MaxPartSize)
            {
                var length = Math.Min(vault.MaxPartSize, titleBytes - offset);
                var locator = $"synthetic/{i:D3}/{parts.Count:D3}";
                vault.Server.AddSynthetic(locator, length, seed: i + 1);
                parts.Add(new ReplicaPart { Index = parts.Count, Locator = locator, Length = length });
            }

            var name = $"Synthetic Title {i:D3}";
            var file = new MediaFile
            {
                PublicId = PublicIds.New(),
                OriginalName = $"Synthetic.Title.{i:D3}.2024.1080p.WEB-DL.mkv",
                Container = "mkv",
                Quality = QualityBucket.FullHd1080,
                Size = titleBytes,
                DurationSeconds = durationSeconds,
                BitRate = (long)(titleBytes * 8 / durationSeconds),
                Fingerprint = $"synthetic-{i}",
                CreatedAt = now,
                Replicas = [new StreamVault.Data.Entities.MediaReplica { VaultId = vault.Id, CreatedAt = now, Parts = parts }],
            };
            db.Titles.Add(new Title
            {
                PublicId = PublicIds.New(),
                Kind = TitleKind.Movie,
                Name = name,
                NormalizedName = name.ToUpperInvariant(),
                Slug = $"synthetic-title-{i:D3}",
                Year = 2024,
                CreatedAt = now,
                UpdatedAt = now,
                MediaFiles = [file],
            });
            ids.Add(file.PublicId);
        }

        await db.SaveChangesAsync();
        return ids;
    }
}

/// <summary>What the simulated Telegram counted during a run.</summary>
internal sealed record ServerStats(long Requests, long FloodWaits, long RequestsWhileBenched, int PeakPerSecond);
