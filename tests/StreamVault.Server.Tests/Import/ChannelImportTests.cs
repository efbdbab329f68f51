using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Catalog.Import;
using StreamVault.Catalog.Jobs;
using StreamVault.Core.Catalog;
using StreamVault.Data;
using StreamVault.Delivery.Policy;
using StreamVault.Delivery.Streaming;
using StreamVault.Mtproto.TestServer;
using StreamVault.Server.Tests.Infrastructure;
using StreamVault.Vaults.Telegram;
using StreamVault.Server.Tests.Telegram;

namespace StreamVault.Server.Tests.Import;

/// <summary>A channel that already holds a library (posted by its owner's own client, not by StreamVault) imported
/// from the MTProto test server through the swarm: read by id, grouped as ingest groups, streamed in place.</summary>
public sealed class ChannelImportTests
{
    private const int MiB = 1024 * 1024;
    private const string Library = "films_archive";

    /// <summary>What the test channel holds, by kind, and the bytes of the split upload.</summary>
    private sealed record Posted(TestChannel Channel, byte[] SplitFile, int Videos, int NotVideo, int Newest);

    private static async Task<Posted> PostLibraryAsync(MtprotoBackend backend, TestApp app, int extraEpisodes = 0)
    {
        var server = backend.Server;
        var channel = server.AddChannel(Library);
        var seed = 100;
        byte[] Media(int length) => File.ReadAllBytes(app.Folder.WriteRandomFile($"media/{seed}.bin", length, seed++));
        var videos = 0;
        var notVideo = 0;

        // One film in three qualities; the 720p one is named only in its caption.
        server.PostDocument(channel, "Big.Heist.2021.2160p.WEB-DL.DDP5.1.H.265-GRP.mkv", Media(30_000));
        server.PostDocument(channel, "Big.Heist.2021.1080p.BluRay.x264-GRP.mkv", Media(30_000), caption: "Big Heist (2021) in 1080p");
        server.PostDocument(channel, "video.mp4", Media(30_000), caption: "Big.Heist.2021.720p.WEB-DL\nenjoy!", mimeType: "video/mp4", video: new TestVideo(5400, 1280, 720));
        videos += 3;
        notVideo++;
        var deleted = server.PostText(channel, "Welcome to the archive");

        // A series with two seasons.
        for (var season = 1; season <= 2; season++)
        {
            for (var episode = 1; episode <= 12; episode++)
            {
                server.PostDocument(channel, $"Night.Watch.S{season:D2}E{episode:D2}.1080p.WEB-DL.mkv", Media(20_000));
                videos++;
            }
        }

        // Not video: a picture, a PDF, a text post.
        server.PostDocument(channel, "poster.jpg", Media(5_000), mimeType: "image/jpeg");
        server.PostDocument(channel, "notes.pdf", Media(5_000), mimeType: "application/pdf");
        server.PostText(channel, "Season 2 is complete");
        notVideo += 3;

        // A split upload: three documents that are one file.
        var split = Media((int)(4.5 * MiB));
        var third = split.Length / 3;
        server.PostDocument(channel, "Long.Voyage.2018.1080p.BluRay.mkv.001", split[..third]);
        server.PostDocument(channel, "Long.Voyage.2018.1080p.BluRay.mkv.002", split[third..(2 * third)]);
        server.PostDocument(channel, "Long.Voyage.2018.1080p.BluRay.mkv.003", split[(2 * third)..]);
        videos++;

        // More episodes of another show fill the channel (and, for the resume test, past one batch of 100 ids).
        for (var episode = 1; episode <= 20 + extraEpisodes; episode++)
        {
            server.PostDocument(channel, $"Daily.Bits.S01E{episode:D3}.720p.WEB.mkv", Media(12_000));
            videos++;
        }

        // A deleted message leaves a hole that answers messageEmpty.
        server.DeletePosts(channel, deleted);
        notVideo--;
        var newest = server.PostText(channel, "That's all for now");
        notVideo++;
        return new Posted(channel, split, videos, notVideo, newest);
    }

    private static async Task<(MtprotoBackend Backend, TestApp App)> StartAsync(bool watcher = true)
    {
        var backend = await MtprotoBackend.StartAsync();
        await backend.AddBotSessionAsync("1:importer");
        await backend.AddBotSessionAsync("2:importer");
        var app = await TestApp.StartAsync(s =>
        {
            foreach (var (key, value) in backend.Settings())
            {
                s[key] = value;
            }

            if (!watcher)
            {
                s["StreamVault:Catalog:AutoIndexInterval"] = "0"; // the test takes each look itself
            }
        }, fakeTime: false);
        return (backend, app);
    }

    private static async Task<JobSnapshot> RunJobAsync(TestApp app, string channel, int? fromId = null)
    {
        var started = app.Services.GetRequiredService<ChannelImportJobs>().Start(channel, fromId, "test");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        return (await app.Services.GetRequiredService<IOperatorJobs>().WaitAsync(started.Id, timeout.Token))!;
    }

    [Fact]
    public async Task A_channel_is_imported_in_place_grouped_as_ingest_groups_and_streams_byte_exact()
    {
        var (backend, app) = await StartAsync();
        await using var _ = backend;
        await using var __ = app;
        var posted = await PostLibraryAsync(backend, app);
        Assert.True(posted.Newest >= 50);
        var messagesBefore = backend.Server.MessageCount(backend.Channel);

        var job = await RunJobAsync(app, $"https://t.me/{Library}");

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Contains($"{posted.Videos} added", job.Status, StringComparison.Ordinal);
        Assert.Contains($"{posted.NotVideo} skipped", job.Status, StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var heist = await db.Titles.Include(t => t.MediaFiles).SingleAsync(t => t.Name == "Big Heist");
            Assert.Equal(TitleKind.Movie, heist.Kind);
            Assert.Equal(2021, heist.Year);
            Assert.Equal(
                [QualityBucket.Hd720, QualityBucket.FullHd1080, QualityBucket.Uhd2160],
                heist.MediaFiles.Select(m => m.Quality).Order());
            var series = await db.Titles.Include(t => t.Seasons).ThenInclude(s => s.Episodes).SingleAsync(t => t.Name == "Night Watch");
            Assert.Equal(TitleKind.Series, series.Kind);
            Assert.Equal([1, 2], series.Seasons.Select(s => s.Number).Order());
            Assert.All(series.Seasons, s => Assert.Equal(12, s.Episodes.Count));
            var voyage = await db.MediaFiles.Include(m => m.Replicas).ThenInclude(r => r.Parts).SingleAsync(m => m.Title!.Name == "Long Voyage");
            Assert.Equal(posted.SplitFile.Length, voyage.Size);
            var parts = voyage.Replicas.Single().Parts.OrderBy(p => p.Index).ToList();
            Assert.Equal(3, parts.Count);
            Assert.All(parts, p => Assert.StartsWith($"tg1:{posted.Channel.Id}:", p.Locator, StringComparison.Ordinal));
            Assert.Equal(0, await db.Titles.CountAsync(t => t.Name.Contains("poster") || t.Name.Contains("notes")));
            var row = await db.ChannelImports.SingleAsync();
            Assert.Equal(posted.Newest, row.Cursor);
        }

        // Nothing was uploaded: the storage channel is as it was.
        Assert.Equal(messagesBefore, backend.Server.MessageCount(backend.Channel));

        // The split upload streams byte-exact, across its parts, straight from the channel's documents.
        var url = await PlayUrlAsync(app, "Long Voyage");
        using (var whole = await app.Client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal(posted.SplitFile, await whole.Content.ReadAsByteArrayAsync());
        }

        var from = (posted.SplitFile.Length / 3) - 1000;
        using (var request = new HttpRequestMessage(HttpMethod.Get, url))
        {
            request.Headers.Range = new RangeHeaderValue(from, from + 2 * MiB);
            using var range = await app.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
            Assert.Equal(posted.SplitFile[from..(from + (2 * MiB) + 1)], await range.Content.ReadAsByteArrayAsync());
        }

        // A second import adds nothing; neither does one that reads the whole channel again.
        var again = await RunJobAsync(app, "@" + Library);
        Assert.Equal(JobState.Succeeded, again.State);
        Assert.Contains("0 added", again.Status, StringComparison.Ordinal);
        var reread = await RunJobAsync(app, Library, fromId: 1);
        Assert.Contains("0 added", reread.Status, StringComparison.Ordinal);
        Assert.Contains($"{posted.Videos} already in the catalogue", reread.Status, StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(posted.Videos, await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.CountAsync());
        }
    }

    [Fact]
    public async Task An_import_cancelled_half_way_resumes_from_its_cursor()
    {
        var (backend, app) = await StartAsync();
        await using var _ = backend;
        await using var __ = app;
        var posted = await PostLibraryAsync(backend, app, extraEpisodes: 100);
        Assert.True(posted.Newest > 150);

        // Cancelled as soon as the first batch of 100 ids is saved, as IOperatorJobs.Cancel would.
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAfterFirstBatch(cancel);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var importer = scope.ServiceProvider.GetRequiredService<ChannelImporter>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => importer.ImportAsync("@" + Library, null, progress, cancel.Token));
        }

        int cursor, addedFirst;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            cursor = (await db.ChannelImports.SingleAsync()).Cursor;
            addedFirst = await db.MediaFiles.CountAsync();
        }

        Assert.Equal(100, cursor);
        Assert.InRange(addedFirst, 1, posted.Videos - 1);

        var resumed = await RunJobAsync(app, "@" + Library);

        Assert.Equal(JobState.Succeeded, resumed.State);
        Assert.Contains($"{posted.Videos - addedFirst} added", resumed.Status, StringComparison.Ordinal);
        Assert.Contains("0 already in the catalogue", resumed.Status, StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            Assert.Equal(posted.Videos, await db.MediaFiles.CountAsync());
            Assert.Equal(posted.Newest, (await db.ChannelImports.SingleAsync()).Cursor);
        }
    }

    [Fact]
    public async Task Channels_that_cannot_be_imported_are_refused_with_the_reason()
    {
        var (backend, app) = await StartAsync();
        await using var _ = backend;
        await using var __ = app;
        var jobs = app.Services.GetRequiredService<ChannelImportJobs>();

        Assert.Contains("private", Assert.Throws<ChannelImportException>(() => jobs.Start("https://t.me/c/123456/7", null, "test")).Message, StringComparison.Ordinal);
        Assert.Contains("not a channel", Assert.Throws<ChannelImportException>(() => jobs.Start("https://example.com/films", null, "test")).Message, StringComparison.Ordinal);
        var missing = await RunJobAsync(app, "@nobody_here");
        Assert.Equal(JobState.Failed, missing.State);
        Assert.Contains("No public channel is named @nobody_here", missing.Status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_index_adds_a_new_post_and_tombstones_a_deleted_one()
    {
        var (backend, app) = await StartAsync(watcher: false);
        await using var _ = backend;
        await using var __ = app;
        var channel = backend.Server.AddChannel(Library);
        var first = File.ReadAllBytes(app.Folder.WriteRandomFile("media/first.bin", 40_000, 1));
        backend.Server.PostDocument(channel, "Old.Film.2010.1080p.BluRay.mkv", first);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var message = await scope.ServiceProvider.GetRequiredService<ChannelIndexing>().SetAsync("@" + Library, on: true, CancellationToken.None);
            Assert.Contains("indexed from now on", message, StringComparison.Ordinal);
        }

        var indexer = app.Services.GetRequiredService<ChannelPostIndexer>();
        await indexer.PollAsync(CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(app, await PlayUrlAsync(app, "Old Film")));

        // A new post: reported (as the bot's channel_post would) and indexed at once.
        var fresh = File.ReadAllBytes(app.Folder.WriteRandomFile("media/fresh.bin", 1_500_000, 2));
        var posted = backend.Server.PostDocument(channel, "video.mkv", fresh, caption: "Fresh.Film.2024.2160p.WEB-DL");
        await app.Services.GetRequiredService<IChannelPostIndexer>().OnPostedAsync(channel.Id, posted.MessageId, CancellationToken.None);
        var freshUrl = await PlayUrlAsync(app, "Fresh Film");
        using (var whole = await app.Client.GetAsync(freshUrl))
        {
            Assert.Equal(fresh, await whole.Content.ReadAsByteArrayAsync());
        }

        // A caption edit changes nothing; deleting the post in the channel tombstones its entry at the next look.
        backend.Server.EditCaption(channel, posted.MessageId, "Fresh Film, now in 4K");
        await app.Services.GetRequiredService<IChannelPostIndexer>().OnEditedAsync(channel.Id, posted.MessageId, CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(app, freshUrl));
        backend.Server.DeletePosts(channel, posted.MessageId);
        await indexer.PollAsync(CancellationToken.None);
        Assert.Equal(HttpStatusCode.Gone, await StatusAsync(app, freshUrl));

        // A deletion reported directly (the bot) does the same; a channel not marked is left alone.
        var oldUrl = await PlayUrlAsync(app, "Old Film");
        await app.Services.GetRequiredService<IChannelPostIndexer>().OnDeletedAsync(channel.Id + 1, [1], CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(app, oldUrl));
        await app.Services.GetRequiredService<IChannelPostIndexer>().OnDeletedAsync(channel.Id, [1], CancellationToken.None);
        Assert.Equal(HttpStatusCode.Gone, await StatusAsync(app, oldUrl));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            Assert.Equal(2, await db.Titles.CountAsync(t => t.RemovedAt != null));
            Assert.Equal(2, await db.Audit.CountAsync(a => a.Action == "media.remove"));
        }
    }

    [Fact]
    public async Task Posts_pushed_to_the_swarm_are_indexed_and_tombstoned_within_seconds_without_polling()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var channel = backend.Server.AddChannel(Library);
        foreach (var token in new[] { "1:listener", "2:listener" })
        {
            // Both accounts are in the channel, so Telegram pushes each update to both: it is acted on once.
            backend.Server.AddMember(channel, (await backend.AddBotSessionAsync(token)).UserId);
        }

        await using var app = await TestApp.StartAsync(s =>
        {
            foreach (var (key, value) in backend.Settings())
            {
                s[key] = value;
            }

            s["StreamVault:Catalog:AutoIndexInterval"] = "0"; // no polling: only the pushed updates can index
        }, fakeTime: false);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ChannelIndexing>().SetAsync("@" + Library, on: true, CancellationToken.None);
        }

        var fresh = File.ReadAllBytes(app.Folder.WriteRandomFile("media/pushed.bin", 300_000, 3));
        var posted = backend.Server.PostDocument(channel, "video.mkv", fresh, caption: "Pushed.Film.2025.1080p.WEB-DL");
        var url = await WithinSecondsAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            return await db.MediaFiles.AnyAsync(m => m.Title!.Name == "Pushed Film") ? await PlayUrlAsync(app, "Pushed Film") : null;
        });
        using (var whole = await app.Client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal(fresh, await whole.Content.ReadAsByteArrayAsync());
        }

        // A pushed caption edit keeps the entry; a pushed deletion tombstones it at once.
        backend.Server.EditCaption(channel, posted.MessageId, "Pushed Film, remastered");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(app, url));
        backend.Server.DeletePosts(channel, posted.MessageId);
        await WithinSecondsAsync(async () => await StatusAsync(app, url) == HttpStatusCode.Gone ? url : null);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            Assert.Equal(1, await db.Titles.CountAsync());
            Assert.Equal(1, await db.Audit.CountAsync(a => a.Action == "media.remove"));
        }
    }

    [Fact]
    public async Task A_session_added_while_the_server_runs_hears_the_pushes_and_a_removed_one_stops()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var channel = backend.Server.AddChannel(Library);
        var first = await backend.AddBotSessionAsync("1:first");
        backend.Server.AddMember(channel, first.UserId);
        await using var app = await TestApp.StartAsync(s =>
        {
            foreach (var (key, value) in backend.Settings())
            {
                s[key] = value;
            }

            s["StreamVault:Catalog:AutoIndexInterval"] = "0"; // no polling: only the pushed updates can index
        }, fakeTime: false);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ChannelIndexing>().SetAsync("@" + Library, on: true, CancellationToken.None);
        }

        // The joiner is the channel's only member left once the first session is removed: only its pushes can index.
        var sessions = app.Services.GetRequiredService<ITelegramSessionAdmin>();
        backend.Server.AddMember(channel, backend.Server.AddBot("2:joiner"));
        var resolved = backend.Server.CallCount("contacts.resolveUsername");
        var joined = await sessions.AddBotAsync("2:joiner", "test", CancellationToken.None);
        Assert.Equal(SessionChangeResult.Added, joined.Result);
        Assert.Equal(SessionChangeResult.Removed, (await sessions.RemoveAsync(first.Id, "test", CancellationToken.None)).Result);

        // Telegram pushes only over an open connection: wait until the joiner's listener has connected and found the
        // storage channel (its resolveUsername), or a post made before that is lost, as it would be on Telegram.
        await WithinSecondsAsync(() => Task.FromResult(backend.Server.CallCount("contacts.resolveUsername") > resolved ? "connected" : null));
        var fresh = File.ReadAllBytes(app.Folder.WriteRandomFile("media/joined.bin", 200_000, 4));
        backend.Server.PostDocument(channel, "video.mkv", fresh, caption: "Joined.Film.2025.1080p.WEB-DL");
        var url = await WithinSecondsAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            return await db.MediaFiles.AnyAsync(m => m.Title!.Name == "Joined Film") ? await PlayUrlAsync(app, "Joined Film") : null;
        });
        using var whole = await app.Client.GetAsync(url);
        Assert.Equal(fresh, await whole.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Asks until <paramref name="probe"/> answers (a pushed update is acted on in the background), at most 10 s.</summary>
    private static async Task<string> WithinSecondsAsync(Func<Task<string?>> probe)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            if (await probe() is { } answer)
            {
                return answer;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "the pushed update was not acted on within 10 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task The_admin_api_starts_an_import_job_for_admins_only()
    {
        var (backend, app) = await StartAsync();
        await using var _ = backend;
        await using var __ = app;
        var channel = backend.Server.AddChannel(Library);
        backend.Server.PostDocument(channel, "Api.Film.2022.1080p.WEB.mkv", File.ReadAllBytes(app.Folder.WriteRandomFile("media/api.bin", 30_000, 3)));
        using var guest = new HttpClient { BaseAddress = app.Client.BaseAddress };
        using (var refused = await guest.PostAsJsonAsync("/api/admin/imports", new { channel = "@" + Library }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await Delivery.DeliveryApiTests.SignInAsync(app, StreamVault.Data.Entities.UserRole.Admin);
        using (var bad = await app.Client.PostAsJsonAsync("/api/admin/imports", new { channel = "https://t.me/c/99/1" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
            Assert.Contains("private", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var started = await app.Client.PostAsJsonAsync("/api/admin/imports", new { channel = "https://t.me/" + Library });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = (await started.Content.ReadFromJsonAsync<JobSnapshot>())!;
        Assert.Equal($"/api/admin/jobs/{job.Id}", started.Headers.Location?.OriginalString);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await app.Services.GetRequiredService<IOperatorJobs>().WaitAsync(job.Id, timeout.Token);
        var done = await app.Client.GetFromJsonAsync<JobSnapshot>($"/api/admin/jobs/{job.Id}");
        Assert.Equal(JobState.Succeeded, done!.State);
        Assert.Contains("1 added", done.Status, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.DeleteAsync($"/api/admin/jobs/{job.Id}")).StatusCode); // finished: nothing to cancel
    }

    private static async Task<HttpStatusCode> StatusAsync(TestApp app, string url)
    {
        using var response = await app.Client.GetAsync(url);
        return response.StatusCode;
    }

    private static async Task<string> PlayUrlAsync(TestApp app, string titleName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var file = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.SingleAsync(m => m.Title!.Name == titleName);
        return scope.ServiceProvider.GetRequiredService<IMediaLinks>().Play(file, DeliveryPolicy.Default)!;
    }

    private sealed class CancelAfterFirstBatch(CancellationTokenSource cancel) : IJobProgress
    {
        public string Id => "test";

        public CancellationToken Cancellation => cancel.Token;

        public void Report(string status, double? fraction = null)
        {
            if (status.Contains("message ", StringComparison.Ordinal) && status.Contains(" of about ", StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        }
    }
}
