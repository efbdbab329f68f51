using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Data;
using StreamVault.Mtproto.TestServer;
using StreamVault.Site.Tests.Infrastructure;
using StreamVault.Vaults.Swarm;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Site.Tests.Dashboard;

/// <summary>/admin/sessions over HTTP: on a server whose vault is the MTProto test server a bot token and a Telethon
/// .session file are added to the running swarm and a session removed, with one notice per session, antiforgery on every
/// form and no secret ever in a page; without a Telegram vault the page says sessions are not used.</summary>
public sealed class SessionsPageTests
{
    private const string Page = "/admin/sessions";

    [Fact]
    public async Task Without_a_Telegram_vault_the_page_says_sessions_are_not_used_and_the_forms_change_nothing()
    {
        await using var site = await SiteApp.StartAsync();
        using var admin = await SiteVisitor.AdminAsync(site);

        var page = await admin.GetPageAsync(Page);
        Assert.Contains(TelegramSessions.NotTelegramVault, page, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/sessions\" aria-current=\"page\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"token\"", page, StringComparison.Ordinal);

        using var post = await admin.PostFormAsync(Page, "/admin/sessions/bot", [new("token", "1:abc")]);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Contains(TelegramSessions.NotTelegramVault, await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admins_add_a_bot_import_a_session_file_and_remove_a_session_and_no_secret_is_echoed()
    {
        await using var server = await TestServer.StartAsync(0, new TestServerOptions { DcCount = 1 });
        server.AddChannel("vault");
        var folder = Directory.CreateTempSubdirectory("sv-site-tg-").FullName;
        var options = Options(server, folder);
        await File.WriteAllTextAsync(options.RsaKeyFile!, server.PublicKeyPem);
        server.AddBot("1:site-vault-bot");
        server.AddBot("3:dashboard-bot-token");
        server.AddBot("4:python-worker");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = await TelegramSessions.AddBotAsync(options, new TelegramSessionFolder(options.SessionsFolder!, null), "1:site-vault-bot", TimeProvider.System, timeout.Token);
        var telethon = await TelethonFileAsync(options, folder, "4:python-worker", timeout.Token);

        await using var site = await SiteApp.StartAsync(new Dictionary<string, string?>
        {
            ["StreamVault:Vaults:Default"] = "telegram",
            ["StreamVault:Telegram:Channel"] = "vault",
            ["StreamVault:Telegram:ApiId"] = "12345",
            ["StreamVault:Telegram:ApiHash"] = "test-hash",
            ["StreamVault:Telegram:DcAddresses:1"] = server.Endpoints[1].ToString(),
            ["StreamVault:Telegram:RsaKeyFile"] = options.RsaKeyFile,
            ["StreamVault:Telegram:SessionsFolder"] = options.SessionsFolder,
        });
        using var admin = await SiteVisitor.AdminAsync(site);

        var page = await admin.GetPageAsync(Page);
        Assert.Contains($"<td>{first.Id}</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>healthy</td>", page, StringComparison.Ordinal);
        Assert.Contains("name=\"token\" type=\"password\"", page, StringComparison.Ordinal);
        Assert.Contains("enctype=\"multipart/form-data\"", page, StringComparison.Ordinal);

        // A forged post (no antiforgery token) changes nothing.
        using (var forged = await admin.Client.PostAsync("/admin/sessions/bot", new FormUrlEncodedContent([new("token", "3:dashboard-bot-token")])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Contains("Not confirmed", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Single(Swarm(site).Sessions);

        using (var bad = await admin.PostFormAsync(Page, "/admin/sessions/bot", [new("token", "no-colon-secret")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var body = await bad.Content.ReadAsStringAsync();
            Assert.Contains("bot token: invalid:", body, StringComparison.Ordinal);
            Assert.DoesNotContain("no-colon-secret", body, StringComparison.Ordinal);
        }

        using (var added = await admin.PostFormAsync(Page, "/admin/sessions/bot", [new("token", "3:dashboard-bot-token")]))
        {
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            var body = await added.Content.ReadAsStringAsync();
            Assert.Contains("bot token: added: bot", body, StringComparison.Ordinal);
            Assert.DoesNotContain("dashboard-bot-token", body, StringComparison.Ordinal);
        }

        Assert.Equal(2, Swarm(site).Sessions.Count);

        using (var imported = await admin.PostMultipartAsync(Page, "/admin/sessions/import", [new("text", "")], ("file", "worker.session", telethon)))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            Assert.Contains("worker.session: added: bot", await imported.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var again = await admin.PostMultipartAsync(Page, "/admin/sessions/import", [new("text", "")], ("file", "worker.session", telethon)))
        {
            Assert.Contains("worker.session: duplicate: already saved as import-", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var junk = await admin.PostMultipartAsync(Page, "/admin/sessions/import", [new("text", "1%%%secret-looking")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
            var body = await junk.Content.ReadAsStringAsync();
            Assert.Contains("text line 1: invalid:", body, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-looking", body, StringComparison.Ordinal);
        }

        using (var tooBig = await admin.PostMultipartAsync(Page, "/admin/sessions/import", [], ("file", "huge.session", new byte[TelegramSessions.MaxImportFileBytes + 1])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
            Assert.Contains("larger than 1024 KiB", await tooBig.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(3, Swarm(site).Sessions.Count);

        var remove = $"/admin/sessions/{first.Id}/remove";
        using (var unconfirmed = await admin.PostFormAsync(Page, remove, []))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
            Assert.Contains("Tick the box", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var removed = await admin.PostFormAsync(Page, remove, [new("confirm", "yes")]))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
            var body = await removed.Content.ReadAsStringAsync();
            Assert.Contains($"{first.Id}: removed:", body, StringComparison.Ordinal);
            Assert.DoesNotContain($"<td>{first.Id}</td>", body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Swarm(site).Sessions, s => s.Id == first.Id);
        await using var scope = site.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Audit.AsNoTracking().Where(a => a.Action.StartsWith("session.")).ToListAsync();
        Assert.Contains(audit, a => a.Action == "session.remove" && a.Target == first.Id);
        Assert.All(audit, a => Assert.DoesNotContain("dashboard-bot-token", a.Detail ?? "", StringComparison.Ordinal));
        Directory.Delete(folder, recursive: true);
    }

    private static SwarmSnapshot Swarm(SiteApp site) => Assert.Single(site.Services.GetRequiredService<ISwarmMonitor>().Snapshot());

    private static TelegramVaultOptions Options(TestServer server, string folder) => new()
    {
        Channel = "vault",
        ApiId = 12345,
        ApiHash = "test-hash",
        DcAddresses = new() { [1] = server.Endpoints[1].ToString() },
        RsaKeyFile = Path.Combine(folder, "server.pem"),
        SessionsFolder = Path.Combine(folder, "sessions"),
    };

    /// <summary>A bot logged in elsewhere, as the Telethon .session file (SQLite) that login would have left.</summary>
    private static async Task<byte[]> TelethonFileAsync(TelegramVaultOptions options, string folder, string token, CancellationToken ct)
    {
        var elsewhere = new TelegramSessionFolder(Path.Combine(folder, "elsewhere"), "p");
        var made = await TelegramSessions.AddBotAsync(options, elsewhere, token, TimeProvider.System, ct);
        var key = Assert.Single((await elsewhere.Store(made.Id).LoadAsync(ct))!.Dcs).AuthKey;
        var path = Path.Combine(folder, "telethon.session");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            foreach (var sql in new[] { "CREATE TABLE sessions (dc_id INTEGER PRIMARY KEY, server_address TEXT, port INTEGER, auth_key BLOB, takeout_id INTEGER)", "INSERT INTO sessions VALUES (1, '127.0.0.1', 443, $key, NULL)" })
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.Parameters.AddWithValue("$key", key);
                command.ExecuteNonQuery();
            }
        }

        return await File.ReadAllBytesAsync(path, ct);
    }
}
