using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Server.Tests.Infrastructure;
using StreamVault.Server.Tests.Telegram;
using StreamVault.Vaults.Swarm;
using StreamVault.Vaults.Telegram;
using static StreamVault.Server.Tests.Delivery.DeliveryApiTests;

namespace StreamVault.Server.Tests.Admin;

/// <summary>/api/admin/sessions against a server on the MTProto test server: bots added by token and sessions imported
/// join the running swarm, removed ones leave it, every change is audited, and no answer or audit row holds a secret.</summary>
public sealed class SessionsApiTests
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task Guests_get_401_viewers_403_and_without_a_Telegram_vault_admins_get_a_problem_that_says_so()
    {
        await using var app = await TestApp.StartAsync();
        using var guest = new HttpClient { BaseAddress = app.Client.BaseAddress };
        await SignInAsync(app, UserRole.Viewer);

        foreach (var (client, status) in new[] { (guest, HttpStatusCode.Unauthorized), (app.Client, HttpStatusCode.Forbidden) })
        {
            using var list = await client.GetAsync("/api/admin/sessions");
            using var bot = await client.PostAsJsonAsync("/api/admin/sessions/bot", new { token = "1:abc" });
            using var import = await client.PostAsJsonAsync("/api/admin/sessions/import", new { text = "x" });
            using var remove = await client.DeleteAsync("/api/admin/sessions/bot-1234");
            Assert.All(new[] { list, bot, import, remove }, r => Assert.Equal(status, r.StatusCode));
        }

        await SignInAsync(app, UserRole.Admin);
        using var local = await app.Client.GetAsync("/api/admin/sessions");
        Assert.Equal(HttpStatusCode.NotFound, local.StatusCode);
        Assert.Equal("application/problem+json", local.Content.Headers.ContentType!.MediaType);
        Assert.Contains(TelegramSessions.NotTelegramVault, await local.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bot_added_and_a_session_imported_join_the_swarm_carry_an_upload_and_a_stream_and_leave_it_when_removed()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var first = await backend.AddBotSessionAsync("1:first-bot");
        var foreignKey = await ForeignLogins.BotKeyAsync(backend, "77:foreign-token");
        backend.Server.AddBot("55:added-by-api");
        await using var app = await StartAsync(backend);
        await SignInAsync(app, UserRole.Admin);

        // Bad input: a 400 problem, nothing saved.
        foreach (var body in new object[] { new { token = "not a token" }, new { } })
        {
            using var bad = await app.Client.PostAsJsonAsync("/api/admin/sessions/bot", body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        }

        using (var refused = await app.Client.PostAsJsonAsync("/api/admin/sessions/bot", new { token = "9:never-registered" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var text = await refused.Content.ReadAsStringAsync();
            Assert.Contains("ACCESS_TOKEN_INVALID", text, StringComparison.Ordinal);
            Assert.DoesNotContain("never-registered", text, StringComparison.Ordinal);
        }

        string botId;
        using (var added = await app.Client.PostAsJsonAsync("/api/admin/sessions/bot", new { token = "55:added-by-api" }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            var text = await added.Content.ReadAsStringAsync();
            Assert.DoesNotContain("added-by-api", text, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(text);
            Assert.Equal("added", json.RootElement.GetProperty("result").GetString());
            botId = json.RootElement.GetProperty("session").GetProperty("id").GetString()!;
        }

        var pyrogram = SessionImportTests.Pyrogram(1, foreignKey);
        string importedId;
        using (var imported = await app.Client.PostAsJsonAsync("/api/admin/sessions/import", new { text = pyrogram }))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            var text = await imported.Content.ReadAsStringAsync();
            Assert.DoesNotContain(pyrogram, text, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(text);
            Assert.Equal(1, json.RootElement.GetProperty("added").GetInt32());
            var result = Assert.Single(json.RootElement.GetProperty("results").EnumerateArray());
            Assert.Contains("from a Pyrogram string", result.GetProperty("detail").GetString(), StringComparison.Ordinal);
            importedId = result.GetProperty("session").GetProperty("id").GetString()!;
        }

        using (var again = await app.Client.PostAsJsonAsync("/api/admin/sessions/import", new { text = pyrogram }))
        {
            using var json = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
            var result = Assert.Single(json.RootElement.GetProperty("results").EnumerateArray());
            Assert.Equal(("duplicate", $"already saved as {importedId}"), (result.GetProperty("result").GetString(), result.GetProperty("detail").GetString()));
        }

        using (var junk = await app.Client.PostAsJsonAsync("/api/admin/sessions/import", new { text = "1%%%" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
            Assert.Contains("not valid base64", await junk.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var noFile = await app.Client.PostAsJsonAsync("/api/admin/sessions/import", new { file = new { name = "w.session", content = "***" } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        }

        // All three are in the running swarm, with their live state.
        var listed = await app.Client.GetFromJsonAsync<JsonElement>("/api/admin/sessions");
        var states = listed.GetProperty("sessions").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("state").GetString());
        Assert.Equal(new[] { first.Id, botId, importedId }.Order(), states.Keys.Order());
        Assert.All(states.Values, s => Assert.Equal("healthy", s));
        Assert.Equal(3, Swarm(app).Sessions.Count);

        // The session the server started with goes; uploads and reads then use only the two that joined at run time.
        using (var removed = await app.Client.DeleteAsync($"/api/admin/sessions/{first.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        using (var gone = await app.Client.DeleteAsync($"/api/admin/sessions/{first.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Equal("application/problem+json", gone.Content.Headers.ContentType!.MediaType);
        }

        Assert.Equal(new[] { botId, importedId }.Order(), Swarm(app).Sessions.Select(s => s.Id).Order());
        var path = app.Folder.WriteRandomFile("in/Hot.Add.Film.2024.1080p.WEB-DL.mkv", (3 * MiB) + 77, seed: 5);
        Assert.Equal(StreamVault.Catalog.Ingest.IngestOutcome.Added, (await Ingest.IngestServiceTests.IngestAsync(app, path)).Outcome);
        using (var whole = await app.Client.GetAsync(await TelegramVaultStreamingTests.PlayUrlAsync(app)))
        {
            Assert.Equal(await File.ReadAllBytesAsync(path), await whole.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(0, Swarm(app).Sessions.Where(s => s.Id == first.Id).Sum(s => s.Requests));
        Assert.True(Swarm(app).Sessions.Sum(s => s.Requests) > 0, "the sessions added at run time read the slices");

        await using var scope = app.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Audit.AsNoTracking().Where(a => a.Action.StartsWith("session.")).ToListAsync();
        Assert.Contains(audit, a => a.Action == "session.add" && a.Target == botId && a.Detail!.StartsWith("added:", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Action == "session.import" && a.Target == importedId && a.Detail!.StartsWith("added:", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Action == "session.import" && a.Target == importedId && a.Detail!.StartsWith("duplicate:", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Action == "session.remove" && a.Target == first.Id);
        Assert.All(audit, a => Assert.StartsWith("admin:", a.Actor, StringComparison.Ordinal));
        Assert.All(audit, a => Assert.DoesNotContain("added-by-api", a.Detail ?? "", StringComparison.Ordinal));
        Assert.All(audit, a => Assert.DoesNotContain(pyrogram[..40], a.Detail ?? "", StringComparison.Ordinal));
    }

    private static SwarmSnapshot Swarm(TestApp app) => Assert.Single(app.Services.GetRequiredService<ISwarmMonitor>().Snapshot());

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
}
