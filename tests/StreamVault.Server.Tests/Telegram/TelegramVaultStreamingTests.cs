using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Catalog;
using StreamVault.Data;
using StreamVault.Delivery.Policy;
using StreamVault.Delivery.Streaming;
using StreamVault.Server.Tests.Infrastructure;
using StreamVault.Vaults;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Server.Tests.Telegram;

/// <summary>The whole server on `StreamVault:Vault = telegram` against the MTProto test server: ingest uploads channel
/// documents, ranges come back byte-exact through the swarm and the slice cache while the server misbehaves.</summary>
public sealed class TelegramVaultStreamingTests
{
    private const int MiB = 1024 * 1024;

    private static Task<TestApp> StartAsync(MtprotoBackend backend, Action<Dictionary<string, string?>>? configure = null) => TestApp.StartAsync(
        s =>
        {
            foreach (var (key, value) in backend.Settings())
            {
                s[key] = value;
            }

            configure?.Invoke(s);
        },
        fakeTime: false);

    [Fact]
    public async Task Ingest_stores_parts_as_channel_documents_and_ranges_stream_byte_exact_through_faults()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        await backend.AddBotSessionAsync("1:first");
        await backend.AddBotSessionAsync("2:second");
        await using var app = await StartAsync(backend);
        var path = app.Folder.WriteRandomFile("in/Channel.Film.2024.1080p.WEB-DL.mkv", (7 * MiB) + 4321, seed: 31);
        var source = await File.ReadAllBytesAsync(path);

        var ingested = await Ingest.IngestServiceTests.IngestAsync(app, path);
        Assert.Equal(StreamVault.Catalog.Ingest.IngestOutcome.Added, ingested.Outcome);

        // 2 MiB parts: four documents in the channel, each holding its slice of the source.
        Assert.Equal(4, backend.Server.MessageCount(backend.Channel));
        var url = await PlayUrlAsync(app);

        async Task AssertRangeAsync(long from, long to)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = new RangeHeaderValue(from, to);
            using var response = await app.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal(source[(int)from..(int)(to + 1)], await response.Content.ReadAsByteArrayAsync());
        }

        // FLOOD_WAIT past a low rate: three cold slices at once on two sessions put two getFile calls on one auth key
        // within the second; the flooded session is benched for the whole wait and the bytes still arrive.
        backend.Server.Faults.FloodMethods.Add("upload.getFile");
        backend.Server.Faults.FloodWaitSeconds = 1;
        backend.Server.Faults.FloodWindow = TimeSpan.FromSeconds(1);
        backend.Server.Faults.FloodMaxCalls = 1;
        await AssertRangeAsync(MiB - 10, (2 * MiB) + 10);
        backend.Server.Faults.FloodMaxCalls = 0;
        var swarm = Assert.Single(app.Services.GetRequiredService<ISwarmMonitor>().Snapshot());
        Assert.True(swarm.Sessions.Sum(s => s.FloodWaits) > 0, "the test server's FLOOD_WAIT reached the swarm");

        // Every file reference expires: the sessions re-read the messages and retry.
        var refreshesBefore = backend.Server.CallCount("channels.getMessages");
        backend.Server.ExpireFileReferences();
        await AssertRangeAsync((4 * MiB) - 100, (4 * MiB) + 100); // crosses from part 1 into part 2
        await AssertRangeAsync((5 * MiB) + 5, (5 * MiB) + 17);
        Assert.True(backend.Server.CallCount("channels.getMessages") > refreshesBefore);

        // The connection drops before an answer: another attempt (or the reconnected session) gets it.
        backend.Server.Faults.DropConnectionAfterCalls(1);
        await AssertRangeAsync((6 * MiB) + 3, source.Length - 1);
        using (var whole = await app.Client.GetAsync(url))
        {
            Assert.Equal(source, await whole.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal("telegram", swarm.VaultId);
        Assert.Equal(2, swarm.Sessions.Count);
    }

    [Fact]
    public async Task Files_on_another_dc_are_read_by_the_sessions_at_home_there()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        await backend.AddBotSessionAsync("1:dc-one");
        var dc2 = await backend.AddBotSessionAsync("2:dc-two", homeDc: 2);
        Assert.Equal(2, dc2.Dc);
        backend.Server.Faults.DocumentsDc = 2;
        await using var app = await StartAsync(backend);
        var path = app.Folder.WriteRandomFile("in/Far.Film.2021.mkv", (3 * MiB) + 99, seed: 8);
        var source = await File.ReadAllBytesAsync(path);
        await Ingest.IngestServiceTests.IngestAsync(app, path);
        var url = await PlayUrlAsync(app);

        using var whole = await app.Client.GetAsync(url);

        Assert.Equal(source, await whole.Content.ReadAsByteArrayAsync());
        var sessions = Assert.Single(app.Services.GetRequiredService<ISwarmMonitor>().Snapshot()).Sessions;
        Assert.True(sessions.Single(s => s.Dc == 2).Requests > 0);
    }

    [Fact]
    public async Task A_lone_session_follows_files_to_another_dc_with_an_exported_authorization()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        await backend.AddBotSessionAsync("1:alone");
        backend.Server.Faults.DocumentsDc = 2;
        await using var app = await StartAsync(backend);
        var path = app.Folder.WriteRandomFile("in/Lone.Film.2020.mkv", (2 * MiB) + 5, seed: 9);
        var source = await File.ReadAllBytesAsync(path);
        await Ingest.IngestServiceTests.IngestAsync(app, path);

        using var whole = await app.Client.GetAsync(await PlayUrlAsync(app));

        Assert.Equal(source, await whole.Content.ReadAsByteArrayAsync());
        Assert.True(backend.Server.CallCount("auth.importAuthorization") > 0);
    }

    [Fact]
    public async Task Takedown_deletes_the_channel_messages_and_the_cached_slices()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        await backend.AddBotSessionAsync("1:bot");
        await using var app = await StartAsync(backend);
        await Ingest.IngestServiceTests.IngestAsync(app, app.Folder.WriteRandomFile("in/Doomed.Film.2023.mkv", (3 * MiB) + 1, seed: 4));
        Assert.Equal(2, backend.Server.MessageCount(backend.Channel));
        var url = await PlayUrlAsync(app);
        using (var response = await app.Client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var id = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Titles.Select(t => t.PublicId).SingleAsync();
            var result = await scope.ServiceProvider.GetRequiredService<TitleRemoval>().RemoveAsync(id, "test", "takedown", CancellationToken.None);
            Assert.NotNull(result);
            Assert.Empty(result.Failures);
        }

        Assert.Equal(0, backend.Server.MessageCount(backend.Channel));
        using var gone = await app.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Empty(Directory.EnumerateFiles(app.Folder.Combine("cache"), "*.slice", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Locators_name_the_channel_message_and_never_reach_the_page()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        await backend.AddBotSessionAsync("1:bot");
        await using var app = await StartAsync(backend);
        await Ingest.IngestServiceTests.IngestAsync(app, app.Folder.WriteRandomFile("in/Quiet.Film.2022.mkv", 5000, seed: 2));
        await using var scope = app.Services.CreateAsyncScope();
        var file = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.Include(m => m.Replicas).ThenInclude(r => r.Parts).SingleAsync();
        var locator = file.Replicas.Single().Parts.Single().Locator;
        Assert.StartsWith($"tg1:{backend.Channel.Id}:1:5000:", locator, StringComparison.Ordinal);
        var url = scope.ServiceProvider.GetRequiredService<IMediaLinks>().Play(file, DeliveryPolicy.Default)!;
        Assert.DoesNotContain(backend.Channel.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), url, StringComparison.Ordinal);
        Assert.Equal("telegram", app.Services.GetRequiredService<IVaultRegistry>().Default.Id);
    }

    internal static async Task<string> PlayUrlAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var file = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.SingleAsync();
        return scope.ServiceProvider.GetRequiredService<IMediaLinks>().Play(file, DeliveryPolicy.Default)!;
    }
}
