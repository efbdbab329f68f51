using System.Net;
using Microsoft.Extensions.Options;
using StreamVault.Catalog.Leech;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Catalog.Leech;

/// <summary>The download half of leech against a loopback server that decides every byte, with a resolver seam.</summary>
public sealed class LeechDownloaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static readonly byte[] Film = MakeFilm();

    private static byte[] MakeFilm()
    {
        var bytes = new byte[300_000];
        new Random(5).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Answers from a fixed table, counting its calls.</summary>
    private sealed class FixedResolver(params string[] addresses) : IHostResolver
    {
        public int Calls { get; private set; }

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(addresses.Select(IPAddress.Parse).ToArray());
        }
    }

    private LeechDownloader Downloader(IHostResolver? resolver = null, long maxBytes = 10_000_000, bool allowLoopback = true)
    {
        var options = new LeechOptions { MaxBytes = maxBytes };
        if (allowLoopback)
        {
            options.AllowedNetworks.Add("127.0.0.1/32");
        }

        return new LeechDownloader(resolver ?? new FixedResolver("127.0.0.1"), Options.Create(options));
    }

    [Fact]
    public async Task A_dropped_connection_resumes_with_a_range_where_it_ended()
    {
        await using var server = new RawHttpServer((request, n) => n == 0
            ? RawResponse.Ok(Film) with { CutAfter = 123_456 }
            : RawResponse.Ranged(request, Film));

        var file = await Downloader().DownloadAsync(server.Url("/Some.Film.2020.mkv"), _folder.Combine("dl"), null, CancellationToken.None);

        Assert.Equal(Film, await File.ReadAllBytesAsync(file.Path));
        Assert.Equal("Some.Film.2020.mkv", file.FileName);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Null(requests[0].Header("range"));
        Assert.Equal("bytes=123456-", requests[1].Header("range"));
    }

    [Fact]
    public async Task A_server_that_ignores_the_range_is_read_again_from_the_start()
    {
        await using var server = new RawHttpServer((_, n) => n == 0 ? RawResponse.Ok(Film) with { CutAfter = 1000 } : RawResponse.Ok(Film));

        var file = await Downloader().DownloadAsync(server.Url("/f.mkv"), _folder.Combine("dl"), null, CancellationToken.None);

        Assert.Equal(Film, await File.ReadAllBytesAsync(file.Path));
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_before_reading()
    {
        await using var server = new RawHttpServer((_, _) => RawResponse.Ok(Film));

        var refused = await Assert.ThrowsAsync<LeechRefusedException>(() => Downloader(maxBytes: 100_000).DownloadAsync(server.Url("/f.mkv"), _folder.Combine("dl"), null, CancellationToken.None));

        Assert.Contains("over the limit of 100000", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_undeclared_length_is_cut_at_the_limit()
    {
        await using var server = new RawHttpServer((_, _) => new RawResponse("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", Film));

        var refused = await Assert.ThrowsAsync<LeechRefusedException>(() => Downloader(maxBytes: 100_000).DownloadAsync(server.Url("/f.mkv"), _folder.Combine("dl"), null, CancellationToken.None));

        Assert.Contains("passed the limit of 100000", refused.Message, StringComparison.Ordinal);
        Assert.True(new FileInfo(_folder.Combine("dl", "download.part")).Length <= 100_000);
    }

    [Theory]
    [InlineData("http://10.0.0.7/film.mkv", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "cloud metadata")]
    [InlineData("http://[::ffff:192.168.0.1]/film.mkv", "private")]
    [InlineData("http://[fd00:ec2::254]/", "cloud metadata")]
    public async Task A_redirect_to_an_inner_address_is_refused_without_connecting(string location, string named)
    {
        await using var server = new RawHttpServer((_, _) => RawResponse.Redirect(location));

        var refused = await Assert.ThrowsAsync<LeechRefusedException>(() => Downloader().DownloadAsync(server.Url("/go"), _folder.Combine("dl"), null, CancellationToken.None));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_loopback_address_is_refused_unless_the_allow_list_opens_it()
    {
        await using var server = new RawHttpServer((_, _) => RawResponse.Ok(Film));

        var refused = await Assert.ThrowsAsync<LeechRefusedException>(() => Downloader(allowLoopback: false).DownloadAsync(server.Url("/f.mkv"), _folder.Combine("dl"), null, CancellationToken.None));

        Assert.Contains("loopback", refused.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_host_with_any_inner_address_is_refused()
    {
        var resolver = new FixedResolver("93.184.216.34", "10.9.8.7");

        var refused = await Assert.ThrowsAsync<LeechRefusedException>(() => Downloader(resolver, allowLoopback: false).DownloadAsync(new Uri("http://media.example/f.mkv"), _folder.Combine("dl"), null, CancellationToken.None));

        Assert.Contains("10.9.8.7", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_connection_goes_to_the_address_that_was_checked_resolving_once()
    {
        // "rebind.invalid" has no DNS record: the download can only work by connecting to the address the resolver
        // gave and the check passed, which is what defeats a rebinding answer between check and connect.
        await using var server = new RawHttpServer((_, _) => RawResponse.Ok(Film));
        var resolver = new FixedResolver("127.0.0.1");

        var file = await Downloader(resolver).DownloadAsync(new Uri($"http://rebind.invalid:{server.Port}/f.mkv"), _folder.Combine("dl"), null, CancellationToken.None);

        Assert.Equal(Film, await File.ReadAllBytesAsync(file.Path));
        Assert.Equal(1, resolver.Calls);
        Assert.Equal($"rebind.invalid:{server.Port}", server.Requests.Single().Header("host"));
    }

    [Theory]
    [InlineData("ftp://example.com/f.mkv")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://user:pw@example.com/f.mkv")]
    public void Links_that_are_not_plain_http_are_refused(string link) =>
        Assert.Throws<LeechRefusedException>(() => LeechService.Parse(link));

    public void Dispose() => _folder.Dispose();
}
