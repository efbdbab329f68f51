using System.Security.Cryptography;

namespace StreamVault.Mtproto.Tests;

/// <summary>
/// Stock GramJS and stock mtcute (pinned in tests/StreamVault.Mtproto.Interop/package-lock.json, unpatched) against the
/// test server on every transport each of them has: auth key, help.getConfig, bot login, resolveUsername, small and big
/// uploads, sendMedia, getHistory, ranged getFile compared byte for byte, ping, containers and acks.
/// </summary>
public class InteropTests
{
    private const string BotToken = "4242:interop-bot";
    private const string ChannelName = "interopchannel";

    private static readonly string[] Steps =
    [
        "auth_key", "help.getConfig", "auth.importBotAuthorization", "contacts.resolveUsername", "ping_and_container",
        "upload.saveFilePart", "messages.sendMedia.small", "messages.getHistory.small", "upload.getFile.small",
        "upload.saveBigFilePart", "messages.sendMedia.big", "messages.getHistory.big", "upload.getFile.big",
    ];

    /// <summary>GramJS has TCP Full, abridged and obfuscated abridged; mtcute has intermediate and padded, plain and obfuscated.</summary>
    public static TheoryData<string, string, int> Runs => new()
    {
        { "gramjs", "full", 198 },
        { "gramjs", "abridged", 198 },
        { "gramjs", "obfuscated", 198 },
        { "mtcute", "intermediate", 227 },
        { "mtcute", "padded", 227 },
        { "mtcute", "obfuscated", 227 },
        { "mtcute", "obfuscated-padded", 227 },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Stock_client_completes_every_step(string client, string transport, int layer)
    {
        await using var server = await TestServer.TestServer.StartAsync();
        server.AddBot(BotToken);
        var channel = server.AddChannel(ChannelName);
        var keyFile = Path.Combine(Path.GetTempPath(), $"sv-interop-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(keyFile, server.PublicKeyPem);
        try
        {
            var run = await InteropRunner.RunAsync(
                "--client", client, "--transport", transport, "--host", server.Endpoints[1].Address.ToString(),
                "--port", server.Endpoints[1].Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--key", keyFile, "--bot-token", BotToken, "--channel", ChannelName);
            var byStep = run.Lines.Where(l => l.TryGetProperty("step", out _)).ToDictionary(l => l.GetProperty("step").GetString()!);
            foreach (var step in Steps)
            {
                Assert.True(byStep.TryGetValue(step, out var line), $"{client}/{transport}: step {step} never ran.\n{run.Transcript}");
                Assert.True(line.GetProperty("ok").GetBoolean(), $"{client}/{transport}: step {step} failed: {line}\n{run.Transcript}");
            }

            Assert.Equal(0, run.ExitCode);
            Assert.True(run.Lines[^1].GetProperty("done").GetBoolean() && run.Lines[^1].GetProperty("ok").GetBoolean(), run.Transcript);
            Assert.Equal(layer, byStep["help.getConfig"].GetProperty("layer").GetInt32());

            foreach (var kind in new[] { "small", "big" })
            {
                // What the client downloaded, what it uploaded and what the server stored are the same bytes.
                var download = byStep[$"upload.getFile.{kind}"];
                var documentId = long.Parse(download.GetProperty("documentId").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                var stored = server.DocumentBytes(documentId) ?? throw new InvalidOperationException($"document {documentId} is not on the server");
                var storedHash = Convert.ToHexStringLower(SHA256.HashData(stored));
                Assert.Equal(storedHash, download.GetProperty("uploadedSha256").GetString());
                Assert.Equal(storedHash, download.GetProperty("sha256").GetString());
                Assert.Equal(stored.Length, download.GetProperty("bytes").GetInt32());
                Assert.True(download.GetProperty("ranges").GetInt32() >= 3);
            }

            Assert.Equal(2, server.MessageCount(channel)); // both uploads became channel messages
            Assert.True(server.CallCount("upload.saveBigFilePart") > 0 && server.CallCount("upload.saveFilePart") > 0);
            Assert.True(server.ReceivedCount("msg_container") > 0, $"{client} sent no msg_container");
            Assert.True(server.ReceivedCount("msgs_ack") > 0, $"{client} acknowledged nothing");
            Assert.True(server.ReceivedCount("ping") > 0, $"{client} sent no ping");
            if (client == "mtcute")
            {
                // The small file is compressible text, and mtcute packs such parts in gzip_packed of the zlib form
                // (GramJS 2.26.22 has its compression switched off: GZIPPacked.gzip returns its input).
                Assert.True(server.ReceivedCount("gzip_packed") > 0, "mtcute sent no gzip_packed");
            }
        }
        finally
        {
            File.Delete(keyFile);
        }
    }
}
