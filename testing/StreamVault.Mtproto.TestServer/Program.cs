using System.Globalization;
using StreamVault.Mtproto.TestServer;

// Console host: dotnet run --project testing/StreamVault.Mtproto.TestServer -- [port] [key.pem] [bot-token] [channel]
var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 0;
await using var server = await TestServer.StartAsync(port);
var pemPath = args.Length > 1 ? args[1] : "test_server_key.pem";
await File.WriteAllTextAsync(pemPath, server.PublicKeyPem);
if (args.Length > 2)
{
    server.AddBot(args[2]);
}

if (args.Length > 3)
{
    server.AddChannel(args[3]);
}

foreach (var (dc, ep) in server.Endpoints)
{
    Console.WriteLine($"DC {dc}: {ep}");
}

Console.WriteLine($"RSA key written to {pemPath}, fingerprint 0x{server.PublicKey.Fingerprint:X16}. Ctrl+C to stop.");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
await stop.Task;
