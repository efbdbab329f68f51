using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using StreamVault.Web.Ranges.Http;
using StreamVault.Web.Ranges.Sendfile;

namespace StreamVault.Web.Ranges.Tests.Sendfile;

/// <summary>File ranges on a connection with <see cref="SendfileConnections.UseSendfile"/>: they leave by sendfile(2),
/// byte for byte in their place in the connection's stream, and keep-alive goes on after them.</summary>
public sealed class SendfileConnectionsTests : IAsyncLifetime
{
    private const int FileLength = (3 << 20) + 12345;
    private readonly byte[] _content = new byte[FileLength];
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"sv-sendfile-{Guid.NewGuid():N}.bin");
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 1 });
    private long _fileBytes;
    private int _handled;
    private KestrelHost? _host;

    private KestrelHost Host => _host ?? throw new InvalidOperationException("not started");

    public SendfileConnectionsTests()
    {
        new Random(7).NextBytes(_content);
        File.WriteAllBytes(_file, _content);
    }

    public async Task InitializeAsync() => _host = await KestrelHost.StartAsync(HandleAsync);

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await Host.DisposeAsync();
        File.Delete(_file);
    }

    [Theory]
    [InlineData("/file", 1000, 2099000, true)] // by sendfile
    [InlineData("/wrapped", 5, 70000, false)] // a middleware wraps the body: the bytes go through the pipe
    public async Task A_file_range_has_exactly_its_bytes(string path, int offset, int length, bool bySendfile)
    {
        using var response = await GetAsync(path, $"bytes={offset}-{offset + length - 1}");
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(_content.AsSpan(offset, length).ToArray(), await response.Content.ReadAsByteArrayAsync());
        await HandledAsync(1);
        Assert.Equal(bySendfile ? length : 0, Interlocked.Read(ref _fileBytes));
    }

    [Fact]
    public async Task Ranges_multipart_and_piped_bodies_share_one_connection_in_order()
    {
        var ports = new HashSet<int>();
        for (var round = 0; round < 3; round++)
        {
            using (var whole = await GetAsync("/file", null))
            {
                Assert.Equal(_content, await whole.Content.ReadAsByteArrayAsync());
            }

            using (var text = await GetAsync("/text", null))
            {
                Assert.Equal("piped bytes between file ranges", await text.Content.ReadAsStringAsync());
                ports.Add(int.Parse(text.Headers.GetValues("X-Client-Port").Single(), System.Globalization.CultureInfo.InvariantCulture));
            }

            using var multipart = await GetAsync("/file", "bytes=0-9,-5,2000000-2000010");
            var body = await multipart.Content.ReadAsByteArrayAsync();
            Assert.Equal(body.Length, multipart.Content.Headers.ContentLength);
            var parts = Multipart.Parse(body, Multipart.Boundary(multipart.Content.Headers.ContentType!.ToString()));
            Assert.Equal(3, parts.Count);
            Assert.Equal(_content[..10], parts[0].Data);
            Assert.Equal(_content[^5..], parts[1].Data);
            Assert.Equal(_content[2000000..2000011], parts[2].Data);
        }

        Assert.Single(ports); // keep-alive held: every answer came back on the same connection
        await HandledAsync(9);
        Assert.Equal(3L * (FileLength + 10 + 5 + 11), Interlocked.Read(ref _fileBytes));
        Assert.Empty(Host.Errors.Entries);
    }

    [Fact]
    public async Task Head_sends_no_file_bytes()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(Host.BaseAddress, "/file"));
        using var response = await _client.SendAsync(request);
        Assert.Equal(FileLength, response.Content.Headers.ContentLength);
        using var after = await GetAsync("/file", "bytes=0-3");
        Assert.Equal(_content[..4], await after.Content.ReadAsByteArrayAsync());
        await HandledAsync(2);
        Assert.Equal(4, Interlocked.Read(ref _fileBytes));
    }

    /// <summary>The client may hold a response's last byte before the handler has counted what it sent: wait for the
    /// handler to return before reading the count (a loaded CI machine showed the gap).</summary>
    private async Task HandledAsync(int requests)
    {
        for (var i = 0; i < 1000 && Volatile.Read(ref _handled) < requests; i++)
        {
            await Task.Delay(5);
        }

        Assert.Equal(requests, Volatile.Read(ref _handled));
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? range)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.BaseAddress, path));
        if (range is not null)
        {
            request.Headers.TryAddWithoutValidation("Range", range);
        }

        return await _client.SendAsync(request);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var output = context.Features.Get<SendfileOutput>();
        var before = output?.FileBytesSent ?? 0;
        switch (context.Request.Path.Value)
        {
            case "/file":
                await RangeFileResult.PhysicalFile(_file, RangeFileRepresentation.ForFile(_file)).ExecuteAsync(context);
                break;
            case "/wrapped":
                // A stand-in for a middleware that transforms the body (compression does): it replaces the body feature.
                var kestrel = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(kestrel.Stream, kestrel));
                await RangeFileResult.PhysicalFile(_file, RangeFileRepresentation.ForFile(_file)).ExecuteAsync(context);
                break;
            default:
                context.Response.Headers["X-Client-Port"] = context.Connection.RemotePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.BodyWriter.WriteAsync(Encoding.ASCII.GetBytes("piped bytes between file ranges"));
                break;
        }

        Interlocked.Add(ref _fileBytes, (output?.FileBytesSent ?? 0) - before);
        Interlocked.Increment(ref _handled);
    }
}
