using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamVault.Web.Ranges.Http;
using StreamVault.Web.Ranges.Memory;
using StreamVault.Web.Ranges.Sendfile;

// Serves one file through RangeFileResult on 127.0.0.1:<port> for bench/range-vs-nginx.sh.
// Usage: StreamVault.RangeBench <file> <port>
if (args.Length != 2 || !File.Exists(args[0]) || !int.TryParse(args[1], out var port))
{
    Console.Error.WriteLine("usage: StreamVault.RangeBench <file> <port>");
    return 2;
}

var path = Path.GetFullPath(args[0]);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
// The server's connection memory (see SizedBlockMemoryPool): what is measured is what StreamVault runs.
builder.Services.AddSingleton<IMemoryPoolFactory<byte>, SizedBlockMemoryPool.Factory>();
builder.WebHost.UseKestrel(options =>
{
    options.AddServerHeader = false;
    options.Listen(IPAddress.Loopback, port, listen => listen.UseSendfile(32 * 1024));
});

var app = builder.Build();
// The representation is computed once, as the server computes it once per catalogue row.
var representation = RangeFileRepresentation.ForFile(path);
var route = "/" + Path.GetFileName(path);
app.MapMethods(route, [HttpMethods.Get, HttpMethods.Head], () => RangeFileResult.PhysicalFile(path, representation));

await app.StartAsync();
Console.WriteLine($"listening on http://127.0.0.1:{port}{route}");
await app.WaitForShutdownAsync();
return 0;
