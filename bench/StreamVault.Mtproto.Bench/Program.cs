// Downloads a document from the in-process MTProto test server over loopback and prints throughput.
// Usage: dotnet run -c Release --project bench/StreamVault.Mtproto.Bench -- [sizeMiB=256] [parallel=4]
using System.Diagnostics;
using System.Globalization;
using StreamVault.Mtproto;
using StreamVault.Mtproto.Crypto;
using StreamVault.Mtproto.TestServer;

var sizeMiB = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 256;
var parallel = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
const int MiB = 1024 * 1024;

var key = new byte[32];
var iv = new byte[32];
var block = new byte[MiB];
var sw = Stopwatch.StartNew();
for (var i = 0; i < 32; i++)
{
    AesIge.Encrypt(block, block, key, iv);
}

Console.WriteLine(FormattableString.Invariant($"AES-256-IGE encrypt: {32 / sw.Elapsed.TotalSeconds:F1} MB/s"));

await using var server = await TestServer.StartAsync();
server.AddBot("1:bench");
var channel = server.AddChannel("bench");
var data = new byte[(long)sizeMiB * MiB];
new Random(7).NextBytes(data);
var doc = server.AddDocument(channel, "bench.bin", data);

var options = new TelegramClientOptions { ApiId = 1, ApiHash = "bench" };
options.DcEndpoints[1] = server.Endpoints[1];
options.ServerKeys.AddRange(RsaPublicKey.ParsePem(server.PublicKeyPem));
await using var client = new TelegramClient(options);
await client.ConnectAsync();
await client.LoginBotAsync("1:bench");
var tg = new TelegramChannel(channel.Id, channel.AccessHash);
var location = (await client.GetMessagesAsync(tg, [doc.MessageId]))[0].Document!;

var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
sw.Restart();
var next = -1;
long received = 0;
var workers = Enumerable.Range(0, parallel).Select(async _ =>
{
    var buffer = new byte[MiB];
    int slice;
    while ((slice = Interlocked.Increment(ref next)) < sizeMiB)
    {
        var n = await client.DownloadAsync(location, (long)slice * MiB, MiB, buffer);
        if (!buffer.AsSpan(0, n).SequenceEqual(data.AsSpan(slice * MiB, n)))
        {
            throw new InvalidDataException($"slice {slice} differs");
        }

        Interlocked.Add(ref received, n);
    }
});
await Task.WhenAll(workers);
var elapsed = sw.Elapsed.TotalSeconds;
var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
var mb = received / (double)MiB;
Console.WriteLine(FormattableString.Invariant($"downloaded {mb:F0} MiB in {elapsed:F2} s with {parallel} parallel requests: {mb / elapsed:F1} MiB/s, {cpu / mb * 1000:F2} CPU ms per MiB (client + server in one process)"));
