using Microsoft.Playwright;
using StreamVault.Site.Tests.Infrastructure;

namespace StreamVault.Site.Tests.Browser;

/// <summary>The site in headless Chromium with real playback of the demo films. Waits are for states, never for durations.</summary>
public sealed class BrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string SecondCue = "This demo film comes in two qualities.";
    private const string FirstCue = "Welcome to StreamVault.";

    private SeededCatalog Seeded => fixture.Site.Catalog;

    [Fact]
    public async Task Home_lists_titles_and_shows_a_script_name_as_text()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        var titles = await page.Locator(".card-title").AllTextContentsAsync();
        Assert.Contains(SiteSeed.MovieName, titles);
        Assert.Contains(SiteSeed.SeriesName, titles);
        Assert.Contains(SiteSeed.ScriptName, titles);
        Assert.DoesNotContain(SiteSeed.RemovedName, titles);

        await page.GotoAsync($"/title/{Seeded.ScriptTitleId}");
        Assert.Equal(SiteSeed.ScriptName, await page.Locator("h1").TextContentAsync());
        Assert.Empty(fixture.Dialogs);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Search_box_suggests_titles_as_you_type()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#q").PressSequentiallyAsync("auro");
        var option = page.Locator(".suggest [role=option]").First;
        await option.WaitForAsync();
        Assert.StartsWith("Aurora Drift (2025)", await option.TextContentAsync(), StringComparison.Ordinal);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Title_page_shows_the_poster_frame_from_our_origin_and_the_player_loads_seek_thumbnails()
    {
        var page = await fixture.NewPageAsync();
        var thumbnails = page.WaitForResponseAsync(r => r.Url.Contains("/thumbs.vtt", StringComparison.Ordinal));
        await page.GotoAsync($"/title/{Seeded.MovieId}");

        await page.WaitForFunctionAsync("() => { const i = document.querySelector('.title-hero img'); return i.complete && i.naturalWidth > 0; }");
        var (src, width) = (await page.EvaluateAsync<string>("() => document.querySelector('.title-hero img').currentSrc"),
            await page.EvaluateAsync<int>("() => document.querySelector('.title-hero img').naturalWidth"));
        Assert.Equal(new Uri(fixture.Site.BaseAddress, $"/art/{Seeded.MovieId}/poster.jpg").ToString(), src);
        Assert.Equal(480, width); // the JPEG frame, not the 400-wide placeholder

        var response = await thumbnails;
        Assert.Equal(200, response.Status);
        Assert.StartsWith(fixture.Site.BaseAddress.ToString(), response.Url, StringComparison.Ordinal);
        await page.Locator(".plyr__preview-thumb").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_player_plays()
    {
        var page = await OpenWatchAsync(Seeded.Movie720FileId);
        await page.Locator(".plyr__control--overlaid").ClickAsync();
        await page.WaitForFunctionAsync("() => { const v = document.querySelector('video'); return !v.paused && v.currentTime > 1; }");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Title_page_switches_quality_and_keeps_the_position()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/title/{Seeded.MovieId}");
        await WaitForPlayerAsync(page);
        Assert.Contains(Seeded.Movie720FileId, await page.EvaluateAsync<string>("() => document.querySelector('video').currentSrc"), StringComparison.Ordinal);

        await SeekAsync(page, 5);
        await page.Locator("a[data-quality='480']").ClickAsync();
        await page.WaitForFunctionAsync(
            "id => { const v = document.querySelector('video'); return v.currentSrc.includes(id) && v.readyState >= 1 && Math.abs(v.currentTime - 5) < 0.5; }",
            Seeded.Movie480FileId);
        Assert.Equal(string.Empty, await page.Locator("a[data-quality='480']").GetAttributeAsync("aria-current"));
        Assert.Equal(page.Url, fixture.Site.BaseAddress + $"title/{Seeded.MovieId}"); // switched in place, no navigation
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_subtitle_track_shows_the_right_cue_at_the_right_time()
    {
        var page = await OpenWatchAsync(Seeded.Movie720FileId);
        await page.Keyboard.PressAsync("c");
        await SeekAsync(page, 4);
        await page.WaitForFunctionAsync(
            "text => Array.from(document.querySelector('video').textTracks).some(t => t.mode !== 'disabled' && t.activeCues && Array.from(t.activeCues).some(c => c.text === text))",
            SecondCue);
        await page.Locator(".plyr__caption", new() { HasText = SecondCue }).WaitForAsync();

        await SeekAsync(page, 1);
        await page.Locator(".plyr__caption", new() { HasText = FirstCue }).WaitForAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task Space_pauses_and_arrow_right_seeks_ten_seconds()
    {
        var page = await OpenWatchAsync(Seeded.Movie720FileId);
        await page.EvaluateAsync("() => document.querySelector('video').play()");
        await page.WaitForFunctionAsync("() => { const v = document.querySelector('video'); return !v.paused && v.currentTime > 0.2; }");
        await page.EvaluateAsync("() => document.activeElement && document.activeElement.blur()");

        await page.Keyboard.PressAsync("Space");
        await page.WaitForFunctionAsync("() => document.querySelector('video').paused");

        await SeekAsync(page, 1);
        await page.Keyboard.PressAsync("ArrowRight");
        await page.WaitForFunctionAsync("() => Math.abs(document.querySelector('video').currentTime - 11) < 0.05");
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.WaitForFunctionAsync("() => Math.abs(document.querySelector('video').currentTime - 1) < 0.05");
        await page.Keyboard.PressAsync("5");
        await page.WaitForFunctionAsync("() => { const v = document.querySelector('video'); return Math.abs(v.currentTime - v.duration / 2) < 0.05; }");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Keys_change_speed_volume_mute_and_subtitles()
    {
        var page = await OpenWatchAsync(Seeded.Movie720FileId);
        await page.EvaluateAsync("() => document.activeElement && document.activeElement.blur()");
        const string video = "document.querySelector('video')";

        await page.Keyboard.PressAsync(">");
        await page.WaitForFunctionAsync($"() => {video}.playbackRate === 1.25");
        await page.Keyboard.PressAsync("<");
        await page.Keyboard.PressAsync("<");
        await page.WaitForFunctionAsync($"() => {video}.playbackRate === 0.75");

        await page.EvaluateAsync($"() => {{ {video}.volume = 0.5; }}");
        await page.Keyboard.PressAsync("ArrowUp");
        await page.WaitForFunctionAsync($"() => Math.abs({video}.volume - 0.6) < 0.01");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.WaitForFunctionAsync($"() => Math.abs({video}.volume - 0.4) < 0.01");

        var muted = await page.EvaluateAsync<bool>($"() => {video}.muted");
        await page.Keyboard.PressAsync("m");
        await page.WaitForFunctionAsync($"m => {video}.muted !== m", muted);

        await page.Keyboard.PressAsync("c");
        await page.Locator(".plyr--captions-active").WaitForAsync();
        await page.Keyboard.PressAsync("c");
        await page.Locator(".plyr--captions-active").WaitForAsync(new() { State = WaitForSelectorState.Detached });

        // Typing in the search box must not drive the player.
        await page.Locator("#q").FillAsync(string.Empty);
        await page.Locator("#q").PressAsync("m");
        Assert.Equal(!muted, await page.EvaluateAsync<bool>($"() => {video}.muted"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_position_resumes_after_a_reload()
    {
        var page = await OpenWatchAsync(Seeded.Movie480FileId);
        await page.EvaluateAsync("() => localStorage.clear()");
        await SeekAsync(page, 6);
        await page.WaitForFunctionAsync("key => Math.abs(Number(localStorage.getItem('sv:pos:' + key)) - 6) < 0.5", Seeded.MovieId);

        await page.ReloadAsync();
        await WaitForPlayerAsync(page);
        await page.WaitForFunctionAsync("() => Math.abs(document.querySelector('video').currentTime - 6) < 0.5");

        // The home page's "Continue watching" row is built from the same record.
        await page.GotoAsync("/");
        await page.Locator("[data-continue-row] .card-title", new() { HasText = SiteSeed.MovieName }).WaitForAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_next_episode_counts_down_when_an_episode_ends()
    {
        var page = await OpenWatchAsync(Seeded.Episode1FileId);
        await SeekAsync(page, 11);
        await page.EvaluateAsync("() => document.querySelector('video').play()");
        var countdown = page.Locator(".next-up");
        await countdown.WaitForAsync();
        Assert.Contains("S01E02 · Bloom", await countdown.TextContentAsync(), StringComparison.Ordinal);
        Assert.EndsWith($"/watch/{Seeded.Episode2FileId}", await countdown.Locator("a").GetAttributeAsync("href"), StringComparison.Ordinal);
        await countdown.Locator("button", new() { HasText = "Cancel" }).ClickAsync();
        await countdown.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.CloseAsync();
    }

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task Home_title_and_player_fit_the_viewport_without_sideways_scrolling(int width, int height)
    {
        // The screenshots are kept in artifacts/ for people to look at; what the test holds the pages to is that
        // nothing overflows the viewport sideways and the player is fully on screen, at desktop and phone widths.
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var page = await fixture.NewPageAsync(width, height);
        foreach (var (name, path) in new[] { ("home", "/"), ("title", $"/title/{Seeded.MovieId}"), ("player", $"/watch/{Seeded.Movie720FileId}") })
        {
            await page.GotoAsync(path);
            if (name != "home")
            {
                await WaitForPlayerAsync(page);
                var player = await page.Locator(".player").BoundingBoxAsync();
                Assert.NotNull(player);
                Assert.True(player.X >= 0 && player.X + player.Width <= width + 0.5, $"{name}: the player spans {player.X}..{player.X + player.Width} of {width} px");
                Assert.True(player.Height >= player.Width * 9 / 16 - 2, $"{name}: the player is {player.Width}x{player.Height}, flatter than 16:9");
            }

            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{name} at {width}x{height} scrolls sideways by {overflow} px");
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{width}x{height}.png"), FullPage = name != "player" });
        }

        await page.CloseAsync();
    }

    private async Task<IPage> OpenWatchAsync(string fileId)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/watch/{fileId}");
        await WaitForPlayerAsync(page);
        return page;
    }

    private static async Task WaitForPlayerAsync(IPage page)
    {
        await page.Locator(".player.is-enhanced").WaitForAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('video').readyState >= 1");
    }

    private static async Task SeekAsync(IPage page, double seconds)
    {
        await page.EvaluateAsync(
            "t => new Promise(resolve => { const v = document.querySelector('video'); v.pause(); v.addEventListener('seeked', () => resolve(), { once: true }); v.currentTime = t; })",
            seconds);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamVault.slnx")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
