using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using StreamVault.Core.IO;
using StreamVault.Web.Ranges.Http;

namespace StreamVault.Web.Ranges.Tests;

/// <summary>HTTP behaviour of <see cref="RangeFileResult"/> on real Kestrel, beyond what the nginx differential covers.</summary>
public sealed class RangeFileResultTests : IAsyncLifetime
{
    private const string ETag = "\"abc-123\"";
    private static readonly DateTimeOffset Modified = new(2024, 5, 7, 8, 9, 10, TimeSpan.Zero);
    private static readonly byte[] Content = Encoding.ASCII.GetBytes("0123456789abcdefghijklmnopqrstuvwxyz");

    private readonly List<(long Offset, long Count)> _calls = [];
    private readonly TaskCompletionSource<Exception?> _slowHandlerEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
    private readonly string _bigFile = Path.Combine(Path.GetTempPath(), $"sv-sparse-{Guid.NewGuid():N}.mp4");
    private KestrelHost? _host;

    private KestrelHost Host => _host ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        await using (var sparse = File.Create(_bigFile))
        {
            sparse.SetLength(256L << 20); // sparse: no disk written, but far more than socket buffers hold
        }

        _host = await KestrelHost.StartAsync(HandleAsync);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await Host.DisposeAsync();
        File.Delete(_bigFile);
    }

    [Fact]
    public async Task Delegate_body_gets_exactly_the_requested_slice()
    {
        using var response = await SendAsync("GET", "/mem", ("Range", "bytes=10-15"));
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("abcdef", await response.Content.ReadAsStringAsync());
        Assert.Equal("bytes 10-15/36", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal([(10L, 6L)], Calls());
    }

    [Fact]
    public async Task Full_response_carries_representation_headers()
    {
        using var response = await SendAsync("GET", "/mem");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bytes", string.Join(",", response.Headers.AcceptRanges));
        Assert.Equal(ETag, response.Headers.ETag?.ToString());
        Assert.Equal(Modified, response.Content.Headers.LastModified);
        Assert.Equal("video/x-matroska", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(36, response.Content.Headers.ContentLength);
        Assert.Equal(Content, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Multipart_body_parses_and_its_length_was_exact()
    {
        using var response = await SendAsync("GET", "/mem", ("Range", "bytes=-3,0-1"));
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        var parts = Multipart.Parse(body, Multipart.Boundary(response.Content.Headers.ContentType!.ToString()));
        Assert.Equal(2, parts.Count);
        Assert.Equal(new BodyPart("video/x-matroska", "bytes 33-35/36", "xyz"u8.ToArray()).ToString(), parts[0].ToString());
        Assert.Equal("xyz"u8.ToArray(), parts[0].Data);
        Assert.Equal("01"u8.ToArray(), parts[1].Data);
        Assert.Equal("bytes 0-1/36", parts[1].ContentRange);
        Assert.Equal([(33L, 3L), (0L, 2L)], Calls());
    }

    [Fact]
    public async Task Head_sends_headers_only()
    {
        using var response = await SendAsync("HEAD", "/mem", ("Range", "bytes=0-4"));
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(5, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Empty(Calls());
    }

    [Fact]
    public async Task Not_modified_repeats_validators_without_body_headers()
    {
        using var response = await SendAsync("GET", "/mem", ("If-None-Match", ETag));
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(ETag, response.Headers.ETag?.ToString());
        Assert.Equal(Modified, response.Content.Headers.LastModified);
        Assert.False(response.Content.Headers.NonValidated.Contains("Content-Type"));
        Assert.False(response.Content.Headers.NonValidated.Contains("Content-Length"));
        Assert.Empty(Calls());
    }

    [Fact]
    public async Task Repeated_if_none_match_lines_form_one_list()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.BaseAddress, "/mem"));
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"a\"");
        request.Headers.TryAddWithoutValidation("If-None-Match", ETag);
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Other_methods_get_no_range_treatment()
    {
        using var response = await SendAsync("POST", "/mem", ("Range", "bytes=0-0"), ("If-None-Match", ETag));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Content, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Precondition_failed_is_empty()
    {
        using var response = await SendAsync("GET", "/mem", ("If-Match", "\"other\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Null(response.Headers.ETag);
        Assert.Empty(Calls());
    }

    [Fact]
    public async Task Unsatisfiable_names_the_length()
    {
        using var response = await SendAsync("GET", "/mem", ("Range", "bytes=36-"));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */36", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(0, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Download_name_becomes_an_attachment()
    {
        using var response = await SendAsync("GET", "/download");
        Assert.Equal(
            "attachment; filename=\"Am_lie.mkv\"; filename*=UTF-8''Am%C3%A9lie.mkv",
            string.Join(",", response.Content.Headers.NonValidated["Content-Disposition"]));
    }

    [Fact]
    public async Task Range_limit_serves_the_whole_representation()
    {
        using var response = await SendAsync("GET", "/limited", ("Range", "bytes=0-0,2-2,4-4"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Content, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/slow")]
    [InlineData("/bigfile")]
    public async Task Client_disconnect_mid_body_ends_quietly(string path)
    {
        using (var response = await _client.GetAsync(new Uri(Host.BaseAddress, path), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64 * 1024];
            Assert.True(await stream.ReadAsync(buffer) > 0);
        } // disposing the unread response closes the connection

        var escaped = await _slowHandlerEnded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Null(escaped);
        Assert.Empty(Host.Errors.Entries);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var representation = new RangeFileRepresentation(Content.Length, "video/x-matroska") { ETag = ETag, LastModified = Modified };
        switch (context.Request.Path.Value)
        {
            case "/mem":
                await RangeFileResult.FromWriter(representation, WriteContentAsync).ExecuteAsync(context);
                break;
            case "/download":
                await RangeFileResult.FromWriter(representation with { DownloadName = "media/Amélie.mkv" }, WriteContentAsync).ExecuteAsync(context);
                break;
            case "/limited":
                await new RangeFileResult(representation, RangeBody.FromDelegate(WriteContentAsync)) { MaxRanges = 2 }.ExecuteAsync(context);
                break;
            case "/slow" or "/bigfile":
                try
                {
                    // 1 GiB that trickles out, or a 256 MiB sparse file: the client is gone long before the end.
                    var endless = new RangeFileRepresentation(1L << 30, "video/mp4");
                    var result = context.Request.Path == "/slow"
                        ? RangeFileResult.FromWriter(endless, WriteForeverAsync)
                        : RangeFileResult.PhysicalFile(_bigFile, RangeFileRepresentation.ForFile(_bigFile));
                    await result.ExecuteAsync(context);
                    _slowHandlerEnded.TrySetResult(null);
                }
                catch (Exception ex)
                {
                    _slowHandlerEnded.TrySetResult(ex);
                    throw;
                }

                break;
        }
    }

    private async Task WriteContentAsync(long offset, long count, PipeWriter destination, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            _calls.Add((offset, count));
        }

        await destination.WriteAsync(Content.AsMemory((int)offset, (int)count), cancellationToken);
    }

    private static async Task WriteForeverAsync(long offset, long count, PipeWriter destination, CancellationToken cancellationToken)
    {
        var chunk = new byte[64 * 1024];
        for (long sent = 0; sent < count; sent += chunk.Length)
        {
            destination.Write(chunk);
            await destination.FlushOrAbortAsync(cancellationToken);
            await Task.Delay(5, cancellationToken);
        }
    }

    private (long, long)[] Calls()
    {
        lock (_calls)
        {
            return [.. _calls];
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Host.BaseAddress, path));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _client.SendAsync(request);
    }
}
