using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using StreamVault.Data.Entities;
using StreamVault.Server.Tests.Delivery;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Hosting;

/// <summary>/metrics is never open because a connection comes from loopback: behind a same-host proxy everyone does.</summary>
public sealed class MetricsTests
{
    private const string Token = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task Without_a_token_or_listener_a_loopback_caller_gets_404()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_admin_sees_the_metrics()
    {
        await using var app = await TestApp.StartAsync();
        await DeliveryApiTests.SignInAsync(app, UserRole.Admin);

        using var response = await app.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_right_bearer_token_gets_prometheus_text_and_a_wrong_or_missing_one_401()
    {
        await using var app = await TestApp.StartAsync(s => s["StreamVault:Metrics:BearerToken"] = Token);

        using var right = await ScrapeAsync(app.Client.BaseAddress!, Token);
        using var wrong = await ScrapeAsync(app.Client.BaseAddress!, Token[..^1] + "0");
        using var missing = await ScrapeAsync(app.Client.BaseAddress!, null);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("text/plain", right.Content.Headers.ContentType!.MediaType);
        var text = await right.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE ", text, StringComparison.Ordinal);
        Assert.Contains("# HELP ", text, StringComparison.Ordinal);
        foreach (var refused in new[] { wrong, missing })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
        }
    }

    [Fact]
    public async Task A_separate_listener_serves_metrics_and_the_main_port_refuses()
    {
        var port = FreePort();
        await using var app = await TestApp.StartAsync(s => s["StreamVault:Metrics:ListenUrl"] = $"http://127.0.0.1:{port}");

        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var onListener = await scraper.GetAsync("/metrics");
        using var onMain = await app.Client.GetAsync("/metrics");
        using var site = await app.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, onListener.StatusCode);
        Assert.Contains("# TYPE ", await onListener.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, onMain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, site.StatusCode); // the main listener still serves everything else
    }

    [Fact]
    public async Task A_listen_url_without_a_port_stops_the_start_with_the_setting_named()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(s => s["StreamVault:Metrics:ListenUrl"] = "http://127.0.0.1"));

        Assert.Contains("StreamVault:Metrics:ListenUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Byte_route_answers_are_counted_by_status_instead_of_by_the_http_metrics()
    {
        await using var app = await TestApp.StartAsync(s => s["StreamVault:Metrics:BearerToken"] = Token);
        await Ingest.IngestServiceTests.IngestAsync(app, app.Folder.WriteRandomFile("in/Counted.Film.2020.mkv", 5000));
        var url = await Streaming.StreamEndpointTests.PlayUrlAsync(app);
        var before = await ScrapeTextAsync(app);

        using var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new RangeHeaderValue(0, 99);
        using (var partial = await app.Client.SendAsync(range))
        {
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        }

        using (var forbidden = await app.Client.GetAsync(url.Replace("?e=", "?e=9", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        var after = await ScrapeTextAsync(app);
        // Other tests in this process count too (the registry is the process's), so the counts only grow by at least ours.
        Assert.True(Count(after, "206") >= Count(before, "206") + 1, after);
        Assert.True(Count(after, "403") >= Count(before, "403") + 1, after);
        Assert.DoesNotContain("endpoint=\"/stream/", after, StringComparison.Ordinal);

        static double Count(string text, string code) => text.Split('\n')
            .Where(l => l.StartsWith($"streamvault_byte_responses_total{{code=\"{code}\"}} ", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0).Single();
    }

    private static async Task<string> ScrapeTextAsync(TestApp app)
    {
        using var response = await ScrapeAsync(app.Client.BaseAddress!, Token);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpResponseMessage> ScrapeAsync(Uri baseAddress, string? token)
    {
        // A fresh client per request: no cookies, exactly what a Prometheus scraper sends.
        using var client = new HttpClient { BaseAddress = baseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
