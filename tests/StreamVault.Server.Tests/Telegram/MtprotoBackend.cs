using StreamVault.Mtproto.TestServer;
using StreamVault.Server.Tests.Infrastructure;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Server.Tests.Telegram;

/// <summary>The project's MTProto test server (two DCs on loopback, its own RSA key) with a storage channel, and the
/// StreamVault:Telegram settings that point at it.</summary>
internal sealed class MtprotoBackend : IAsyncDisposable
{
    public const string ChannelName = "vault";

    private MtprotoBackend(TestServer server, TempFolder folder)
    {
        Server = server;
        Folder = folder;
        Channel = server.AddChannel(ChannelName);
        RsaKeyFile = folder.Combine("server-key.pem");
        File.WriteAllText(RsaKeyFile, server.PublicKeyPem);
    }

    public TestServer Server { get; }

    public TempFolder Folder { get; }

    public TestChannel Channel { get; }

    public string RsaKeyFile { get; }

    public string SessionsFolder => Folder.Combine("sessions");

    public static async Task<MtprotoBackend> StartAsync() => new(await TestServer.StartAsync(0, new TestServerOptions { DcCount = 2 }), new TempFolder());

    /// <summary>Configuration keys (as in appsettings) for a server on this backend.</summary>
    public Dictionary<string, string?> Settings(long maxPartSize = 2 * 1024 * 1024) => new()
    {
        ["StreamVault:Vaults:Default"] = "telegram",
        ["StreamVault:Telegram:Channel"] = ChannelName,
        ["StreamVault:Telegram:ApiId"] = "12345",
        ["StreamVault:Telegram:ApiHash"] = "test-hash",
        ["StreamVault:Telegram:DcAddresses:1"] = Server.Endpoints[1].ToString(),
        ["StreamVault:Telegram:DcAddresses:2"] = Server.Endpoints[2].ToString(),
        ["StreamVault:Telegram:RsaKeyFile"] = RsaKeyFile,
        ["StreamVault:Telegram:SessionsFolder"] = SessionsFolder,
        ["StreamVault:Telegram:MaxPartSize"] = maxPartSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["StreamVault:Telegram:RequestTimeout"] = "00:00:15",
    };

    /// <summary>The same settings as environment variables for the command line (without the vault choice).</summary>
    public Dictionary<string, string> Environment() => Settings()
        .Where(kv => kv.Key.StartsWith("StreamVault:Telegram:", StringComparison.Ordinal))
        .ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);

    public TelegramVaultOptions Options() => new()
    {
        Channel = ChannelName,
        ApiId = 12345,
        ApiHash = "test-hash",
        DcAddresses = new() { [1] = Server.Endpoints[1].ToString(), [2] = Server.Endpoints[2].ToString() },
        RsaKeyFile = RsaKeyFile,
        SessionsFolder = SessionsFolder,
        RequestTimeout = TimeSpan.FromSeconds(15),
    };

    /// <summary>Registers a bot on the server and saves its session, as `streamvault session add --bot-token` does.</summary>
    public async Task<TelegramSessionInfo> AddBotSessionAsync(string token, int homeDc = 1)
    {
        Server.AddBot(token, homeDc);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await TelegramSessions.AddBotAsync(Options(), new TelegramSessionFolder(SessionsFolder, null), token, TimeProvider.System, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Folder.Dispose();
    }
}
