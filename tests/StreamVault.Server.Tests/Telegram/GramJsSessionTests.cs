using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Data;
using StreamVault.Delivery.Policy;
using StreamVault.Delivery.Streaming;
using StreamVault.Mtproto.Sessions;
using StreamVault.Mtproto.Tests;
using StreamVault.Server.Tests.Infrastructure;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Server.Tests.Telegram;

/// <summary>A bot logged in by stock GramJS against the MTProto test server, its StringSession imported with
/// `streamvault session import` as the swarm's only session, and a title stored and streamed through it.</summary>
public sealed class GramJsSessionTests
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_GramJS_string_session_is_imported_and_a_title_streams_byte_exact_through_it()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        const string token = "5150:gramjs-bot";
        var botId = backend.Server.AddBot(token);
        var dc1 = backend.Server.Endpoints[1];

        var run = await InteropRunner.RunAsync(
            "--client", "gramjs", "--mode", "session", "--transport", "full", "--host", dc1.Address.ToString(),
            "--port", dc1.Port.ToString(CultureInfo.InvariantCulture), "--key", backend.RsaKeyFile, "--bot-token", token);
        Assert.True(run.ExitCode == 0, run.Transcript);
        var session = run.Step("session.save").GetProperty("session").GetString()!;

        // GramJS writes the address it was given (its own port 80, which the harness's socket maps to the server's);
        // the import dials the configured StreamVault:Telegram:DcAddresses of the string's DC instead.
        var parsed = SessionStrings.Parse(session);
        Assert.Equal(("GramJS string", 1, "127.0.0.1", 80), (parsed.Format, parsed.Dc, parsed.ServerAddress, parsed.Port));
        Assert.NotEqual(80, dc1.Port);

        var imported = await CliProcess.RunAsync(backend.Folder.Combine("data"), backend.Environment(), "session", "import", session);
        Assert.True(imported.ExitCode == 0, imported.Output);
        Assert.Contains("argument 1: added: bot", imported.Output, StringComparison.Ordinal);
        var only = Assert.Single(new TelegramSessionFolder(backend.SessionsFolder, null).List());
        Assert.Equal(("bot", botId, 1), (only.Kind, only.UserId, only.Dc));

        await using var app = await TestApp.StartAsync(s =>
        {
            foreach (var (key, value) in backend.Settings())
            {
                s[key] = value;
            }
        }, fakeTime: false);
        var path = app.Folder.WriteRandomFile("in/Gram.Film.2023.1080p.WEB-DL.mkv", (3 * MiB) + 777, seed: 51);
        var source = await File.ReadAllBytesAsync(path);
        var getFileBefore = backend.Server.CallCount("upload.getFile");
        Assert.Equal(StreamVault.Catalog.Ingest.IngestOutcome.Added, (await Ingest.IngestServiceTests.IngestAsync(app, path)).Outcome);
        Assert.Equal(2, backend.Server.MessageCount(backend.Channel)); // 2 MiB parts, uploaded by the imported session

        string url;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var file = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.SingleAsync();
            url = scope.ServiceProvider.GetRequiredService<IMediaLinks>().Play(file, DeliveryPolicy.Default)!;
        }

        using (var whole = await app.Client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal(source, await whole.Content.ReadAsByteArrayAsync());
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue((2 * MiB) - 5, (2 * MiB) + 5);
        using var range = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal(source[((2 * MiB) - 5)..((2 * MiB) + 6)], await range.Content.ReadAsByteArrayAsync());
        Assert.True(backend.Server.CallCount("upload.getFile") > getFileBefore, "the bytes came from the test server");
    }
}
