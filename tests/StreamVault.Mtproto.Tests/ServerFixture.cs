using StreamVault.Mtproto.Crypto;
using StreamVault.Mtproto.Transport;

namespace StreamVault.Mtproto.Tests;

internal static class ServerFixture
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TelegramClientOptions Options(TestServer.TestServer server, TransportOptions? transport = null, ISessionStore? store = null)
    {
        var o = new TelegramClientOptions
        {
            ApiId = 12345, ApiHash = "hash", Transport = transport ?? new TransportOptions(), SessionStore = store, RequestTimeout = TimeSpan.FromSeconds(15),
        };
        o.DcEndpoints[1] = server.Endpoints[1];
        // Configured from the PEM exactly as a third-party MTProto client would be.
        o.ServerKeys.AddRange(RsaPublicKey.ParsePem(server.PublicKeyPem));
        return o;
    }

    public static async Task<TelegramClient> BotAsync(TestServer.TestServer server, string token = "1:bot", TransportOptions? transport = null)
    {
        var client = new TelegramClient(Options(server, transport));
        using var cts = new CancellationTokenSource(Timeout);
        await client.ConnectAsync(cts.Token);
        await client.LoginBotAsync(token, cts.Token);
        return client;
    }

    public static CancellationToken Ct() => new CancellationTokenSource(Timeout).Token;

    public static byte[] Data(int size, int seed = 1)
    {
        var b = new byte[size];
        new Random(seed).NextBytes(b);
        return b;
    }
}
