using System.Net;
using System.Text.Json;
using StreamVault.Site.Tests.Infrastructure;

namespace StreamVault.Site.Tests.Pages;

/// <summary>Server-rendered pages over real HTTP on Kestrel.</summary>
public sealed class PageTests(SiteAppFixture fixture) : IClassFixture<SiteAppFixture>
{
    private SiteApp Site => fixture.Site;

    private SeededCatalog Seeded => fixture.Site.Catalog;

    private async Task<(HttpStatusCode Status, string Body, string? ContentType)> GetAsync(string path)
    {
        using var response = await Site.Client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Home_lists_rows_and_never_the_removed_title()
    {
        var (status, body, type) = await GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/html", type);
        foreach (var heading in new[] { "Continue watching", "Recently added", "Movies", "Series", "4K" })
        {
            Assert.Contains($">{heading}</h2>", body, StringComparison.Ordinal);
        }

        Assert.Contains(SiteSeed.MovieName, body, StringComparison.Ordinal);
        Assert.Contains(SiteSeed.SeriesName, body, StringComparison.Ordinal);
        Assert.Contains($"/title/{Seeded.UhdTitleId}/", body, StringComparison.Ordinal);
        Assert.DoesNotContain(SiteSeed.RemovedName, body, StringComparison.Ordinal);
        Assert.Contains("/assets/app.js?v=", body, StringComparison.Ordinal);
        Assert.Contains("Sign in", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_script_title_is_inert_text_everywhere()
    {
        foreach (var path in new[] { "/", $"/title/{Seeded.ScriptTitleId}", "/search?q=script", "/browse?year=2020" })
        {
            var (status, body, _) = await GetAsync(path);
            Assert.True(status == HttpStatusCode.OK, $"{path} answered {status}");
            Assert.DoesNotContain("<script>alert(1)</script>", body, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", body, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", body, StringComparison.Ordinal);
        }

        var json = (await GetAsync("/api/search/suggest?q=script")).Body;
        Assert.DoesNotContain("<script>", json, StringComparison.Ordinal);
        var titles = JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.GetProperty("title").GetString()).ToList();
        Assert.Contains(SiteSeed.ScriptName, titles);

        var svg = (await GetAsync($"/poster/{Seeded.ScriptTitleId}.svg")).Body;
        Assert.DoesNotContain("<script", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Title_page_shows_facts_qualities_player_and_subtitles()
    {
        var (status, body, _) = await GetAsync($"/title/{Seeded.MovieId}/aurora-drift");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>Aurora Drift</h1>", body, StringComparison.Ordinal);
        Assert.Contains("<li>2025</li>", body, StringComparison.Ordinal);
        Assert.Contains(">720p</span>", body, StringComparison.Ordinal);
        Assert.Contains(">480p</span>", body, StringComparison.Ordinal);
        Assert.Contains("KiB</td>", body, StringComparison.Ordinal);
        Assert.Contains("VP9 · WEBM", body, StringComparison.Ordinal);
        Assert.Contains("data-player", body, StringComparison.Ordinal);
        Assert.Contains("size=\"720\"", body, StringComparison.Ordinal);
        Assert.Contains("size=\"480\"", body, StringComparison.Ordinal);
        Assert.Contains("<track kind=\"subtitles\"", body, StringComparison.Ordinal);
        Assert.Contains("srclang=\"en\" label=\"English\"", body, StringComparison.Ordinal);
        Assert.Contains($"/download/{Seeded.Movie720FileId}/", body, StringComparison.Ordinal);
        Assert.Contains($"data-quality=\"480\"", body, StringComparison.Ordinal);
        Assert.Contains($"src=\"/art/{Seeded.MovieId}/poster.jpg\"", body, StringComparison.Ordinal); // ffmpeg is installed: the frame is drawn on first request
    }

    [Fact]
    public async Task Pages_carry_public_ids_only()
    {
        var body = (await GetAsync($"/title/{Seeded.MovieId}")).Body + (await GetAsync($"/watch/{Seeded.Movie720FileId}")).Body;
        Assert.DoesNotContain("seed-", body, StringComparison.Ordinal); // vault keys and locators
        Assert.DoesNotContain("/title/1", body, StringComparison.Ordinal);
        Assert.DoesNotContain("/watch/1\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Series_page_lists_seasons_and_episodes_and_the_watch_page_names_the_next_one()
    {
        var series = (await GetAsync($"/title/{Seeded.SeriesId}")).Body;
        Assert.Contains("Season 1", series, StringComparison.Ordinal);
        Assert.Contains("S01E01", series, StringComparison.Ordinal);
        Assert.Contains("S01E02", series, StringComparison.Ordinal);
        Assert.Contains("Bloom", series, StringComparison.Ordinal);

        var (status, watch, _) = await GetAsync($"/watch/{Seeded.Episode1FileId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"data-next-url=\"/watch/{Seeded.Episode2FileId}\"", watch, StringComparison.Ordinal);
        Assert.Contains("data-next-title=\"S01E02 · Bloom\"", watch, StringComparison.Ordinal);

        var last = (await GetAsync($"/watch/{Seeded.Episode2FileId}")).Body;
        Assert.DoesNotContain("data-next-url", last, StringComparison.Ordinal);
        Assert.Contains("srclang=\"pt-BR\"", last, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/title/does-not-exist")]
    [InlineData("/watch/does-not-exist")]
    [InlineData("/no/such/page")]
    public async Task Unknown_ids_get_the_friendly_404_page(string path)
    {
        var (status, body, type) = await GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("text/html", type);
        Assert.Contains("class=\"error-code\">404", body, StringComparison.Ordinal);
        Assert.Contains("Back to home", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removed_titles_answer_410_and_are_never_listed()
    {
        foreach (var path in new[] { $"/title/{Seeded.RemovedTitleId}", $"/watch/{Seeded.RemovedFileId}" })
        {
            var (status, body, _) = await GetAsync(path);
            Assert.Equal(HttpStatusCode.Gone, status);
            Assert.Contains("has been removed", body, StringComparison.Ordinal);
            Assert.DoesNotContain(SiteSeed.RemovedName, body, StringComparison.Ordinal);
        }

        foreach (var path in new[] { "/browse", "/browse?year=2019", "/search?q=vanished", "/api/search/suggest?q=vanished" })
        {
            Assert.DoesNotContain(SiteSeed.RemovedName, (await GetAsync(path)).Body, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/poster/{Seeded.RemovedTitleId}.svg")).Status);
    }

    [Theory]
    [InlineData("aurora", true)]
    [InlineData("AURORA drift", true)]
    [InlineData("drift 2025", true)]
    [InlineData("Aurora Drift (2025)", true)]
    [InlineData("aurora 1999", false)]
    [InlineData("zzz-nothing", false)]
    public async Task Search_matches_title_and_year(string query, bool found)
    {
        var (status, body, _) = await GetAsync("/search?q=" + Uri.EscapeDataString(query));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(found, body.Contains($"/title/{Seeded.MovieId}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Suggestions_are_json_with_public_urls()
    {
        var (status, body, type) = await GetAsync("/api/search/suggest?q=signal");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", type);
        var item = Assert.Single(JsonDocument.Parse(body).RootElement.EnumerateArray());
        Assert.Equal(SiteSeed.SeriesName, item.GetProperty("title").GetString());
        Assert.Equal(2024, item.GetProperty("year").GetInt32());
        Assert.Equal("Series", item.GetProperty("kind").GetString());
        Assert.StartsWith($"/title/{Seeded.SeriesId}/", item.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("[]", (await GetAsync("/api/search/suggest")).Body);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/no/such/page")]
    public async Task Pages_send_a_content_security_policy(string path)
    {
        using var response = await Site.Client.GetAsync(path);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", string.Join(' ', response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Unknown_api_paths_get_problem_details()
    {
        var (status, body, type) = await GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal(404, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Browse_filters_by_kind_quality_and_year_and_paginates()
    {
        var series = (await GetAsync("/browse?kind=series")).Body;
        Assert.Contains(SiteSeed.SeriesName, series, StringComparison.Ordinal);
        Assert.DoesNotContain(SiteSeed.MovieName, series, StringComparison.Ordinal);

        var uhd = (await GetAsync("/browse?quality=2160")).Body;
        Assert.Contains(SiteSeed.UhdName, uhd, StringComparison.Ordinal);
        Assert.Contains("badge-hdr", uhd, StringComparison.Ordinal);
        Assert.DoesNotContain(SiteSeed.MovieName, uhd, StringComparison.Ordinal);

        var year = (await GetAsync("/browse?year=1990")).Body;
        Assert.Contains($"{SiteSeed.Fillers} titles", year, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 2", year, StringComparison.Ordinal);
        Assert.Contains("href=\"/browse?year=1990&amp;page=2\"", year, StringComparison.Ordinal);
        var page2 = (await GetAsync("/browse?year=1990&page=2")).Body;
        Assert.Contains("Page 2 of 2", page2, StringComparison.Ordinal);
        Assert.Equal(SiteSeed.Fillers - 24, CountOccurrences(page2, "class=\"card\""));

        // Nonsense filters are ignored rather than failing.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/browse?kind=%3Cx%3E&year=abc&quality=9999&page=-3")).Status);
    }

    [Fact]
    public async Task Posters_are_generated_svg_with_initials()
    {
        using var response = await Site.Client.GetAsync($"/poster/{Seeded.MovieId}.svg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.Contains(">AD</text>", svg, StringComparison.Ordinal);
        Assert.Contains("linearGradient", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subtitle_links_serve_webvtt_and_refuse_bad_signatures()
    {
        var body = (await GetAsync($"/watch/{Seeded.Movie720FileId}")).Body;
        var start = body.IndexOf("/subtitles/", StringComparison.Ordinal);
        var url = WebUtility.HtmlDecode(body[start..body.IndexOf('"', start)]);

        using var response = await Site.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/vtt", response.Content.Headers.ContentType?.MediaType);
        var vtt = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("WEBVTT\n\n00:00:00.500 --> 00:00:03.000\nWelcome to StreamVault.", vtt, StringComparison.Ordinal);

        using var forged = await Site.Client.GetAsync(url[..^3] + "AAA");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Fact]
    public async Task Assets_are_served_with_long_caching_when_versioned()
    {
        var home = (await GetAsync("/")).Body;
        var start = home.IndexOf("/assets/app.css?v=", StringComparison.Ordinal);
        var url = home[start..home.IndexOf('"', start)];
        using var response = await Site.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/assets/plyr.svg")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/assets/nope.js")).Status);
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
