using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Accounts;
using StreamVault.Catalog;
using StreamVault.Data;
using StreamVault.Delivery.Policy;
using StreamVault.Delivery.Streaming;
using StreamVault.Server.Tests.Infrastructure;
using StreamVault.Vaults.Caching;

namespace StreamVault.Server.Tests.Streaming;

/// <summary>The whole server on the simulated Telegram vault: ingest goes to the simulated channels, bytes come back
/// through the swarm and the slice cache, with faults injected on the way.</summary>
public sealed class SimulatedTelegramStreamingTests
{
    private static Task<TestApp> StartAsync(bool faults = true) => TestApp.StartAsync(
        s =>
        {
            s["StreamVault:Vaults:Default"] = "simulated-telegram";
            s["StreamVault:SimulatedTelegram:LatencyMin"] = "00:00:00.001";
            s["StreamVault:SimulatedTelegram:LatencyMax"] = "00:00:00.005";
            if (faults)
            {
                s["StreamVault:SimulatedTelegram:ErrorRate"] = "0.1";
                s["StreamVault:SimulatedTelegram:DropRate"] = "0.05";
                s["StreamVault:SimulatedTelegram:ReferenceExpiredRate"] = "0.05";
            }
        },
        fakeTime: false);

    [Fact]
    public async Task Ranges_come_back_byte_exact_through_faults_and_then_from_the_cache()
    {
        await using var app = await StartAsync();
        var path = app.Folder.WriteRandomFile("in/Remote.Film.2023.1080p.WEB-DL.mkv", (5 * 1024 * 1024) + 4321, seed: 21);
        await Ingest.IngestServiceTests.IngestAsync(app, path);
        var source = await File.ReadAllBytesAsync(path);
        var url = await PlayUrlAsync(app);

        for (var round = 0; round < 2; round++)
        {
            foreach (var (from, to) in new[] { (0L, 1023L), (1048570L, 2097160L), (5242880L, 5247200L), (3000000L, 3000000L) })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Range = new RangeHeaderValue(from, to);
                using var response = await app.Client.SendAsync(request);
                Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
                Assert.Equal(source[(int)from..(int)(to + 1)], await response.Content.ReadAsByteArrayAsync());
            }
        }

        using var whole = await app.Client.GetAsync(url);
        Assert.Equal(source, await whole.Content.ReadAsByteArrayAsync());
        Assert.NotEmpty(Directory.EnumerateFiles(app.Folder.Combine("cache"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Removing_a_title_purges_its_cached_slices_and_its_stored_parts()
    {
        await using var app = await StartAsync(faults: false);
        await Ingest.IngestServiceTests.IngestAsync(app, app.Folder.WriteRandomFile("in/Doomed.Film.2023.mkv", 3 * 1024 * 1024, seed: 4));
        var url = await PlayUrlAsync(app);
        using (var response = await app.Client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Slices reach the disk a moment after their bytes went to the viewer.
        var cache = app.Services.GetRequiredService<ISliceCache>();
        Assert.True(SpinWait.SpinUntil(() => cache.Stats.SlicesStored == 3, TimeSpan.FromSeconds(10)), $"{cache.Stats.SlicesStored} slices stored");
        Assert.Equal(3, Directory.EnumerateFiles(app.Folder.Combine("cache"), "*.slice", SearchOption.AllDirectories).Count());
        Assert.NotEmpty(Directory.EnumerateFiles(app.Folder.Combine("telegram-sim"), "*", SearchOption.AllDirectories));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var id = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Titles.Select(t => t.PublicId).SingleAsync();
            var result = await scope.ServiceProvider.GetRequiredService<TitleRemoval>().RemoveAsync(id, "test", "takedown", CancellationToken.None);
            Assert.NotNull(result);
            Assert.Empty(result.Failures);
        }

        using var gone = await app.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Empty(Directory.EnumerateFiles(app.Folder.Combine("cache"), "*.slice", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(app.Folder.Combine("telegram-sim"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_swarm_report_is_for_admins_only()
    {
        await using var app = await StartAsync();

        using var anonymous = await app.Client.GetAsync("/api/admin/swarm");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            token = await scope.ServiceProvider.GetRequiredService<SignInLinks>().CreateAdminLinkTokenAsync(CancellationToken.None);
        }

        (await app.Client.GetAsync($"/signin/{token}")).Dispose();
        using var report = JsonDocument.Parse(await app.Client.GetStringAsync("/api/admin/swarm"));
        var swarm = report.RootElement.GetProperty("swarms")[0];
        Assert.Equal("telegram-sim", swarm.GetProperty("vaultId").GetString());
        Assert.Equal(4, swarm.GetProperty("sessions").GetArrayLength());
        Assert.True(report.RootElement.TryGetProperty("sliceCache", out _));
    }

    private static async Task<string> PlayUrlAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var file = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.SingleAsync();
        return scope.ServiceProvider.GetRequiredService<IMediaLinks>().Play(file, DeliveryPolicy.Default)!;
    }
}
