using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StreamVault.Catalog;
using StreamVault.Site.Tests.Infrastructure;

namespace StreamVault.Site.Tests.Browser;

/// <summary>A viewer pauses longer than a link lives and presses play again. Time passes on both clocks (the server's
/// fake one and the page's, through Playwright) without real waiting.</summary>
public sealed class ExpiredLinkTests(ShortLinkBrowserFixture fixture) : IClassFixture<ShortLinkBrowserFixture>
{
    private const string Video = "document.querySelector('video')";

    private SeededCatalog Seeded => fixture.Site.Catalog;

    [Fact]
    public async Task After_a_long_pause_playback_resumes_at_the_same_position_on_a_fresh_link()
    {
        var page = await OpenAsync(Seeded.Movie720FileId);
        var oldSource = await page.EvaluateAsync<string>($"() => {Video}.currentSrc");
        var position = await PlayThenPauseAsync(page);

        await ExpireLinksAsync(page);
        var refreshed = page.WaitForResponseAsync(r => r.Url.Contains("/api/links/play/", StringComparison.Ordinal));
        await page.EvaluateAsync("() => { window.playingAt = []; " + Video + ".addEventListener('playing', () => window.playingAt.push([" + Video + ".currentSrc, " + Video + ".currentTime])); }");
        await PressPlayAsync(page);

        Assert.Equal(200, (await refreshed).Status);
        await page.WaitForFunctionAsync($"old => {{ const v = {Video}; return !v.paused && v.currentSrc !== old && v.currentTime > 0; }}", oldSource);
        // The first 'playing' on the new source: where playback actually resumed, not where it got to since.
        var source = await page.EvaluateAsync<string>("old => (window.playingAt.find(e => e[0] !== old) || [''])[0]", oldSource);
        var resumedAt = await page.EvaluateAsync<double>("old => (window.playingAt.find(e => e[0] !== old) || ['', -1])[1]", oldSource);
        Assert.Contains(Seeded.Movie720FileId, source, StringComparison.Ordinal);
        Assert.NotEqual(oldSource, source);
        Assert.InRange(resumedAt, position - 0.5, position + 0.5);
        Assert.Equal(0, await page.Locator("[data-player-message]").CountAsync());
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_title_removed_during_the_pause_shows_a_clear_message()
    {
        var page = await OpenAsync(Seeded.Episode1FileId);
        await PlayThenPauseAsync(page);
        await using (var scope = fixture.Site.Services.CreateAsyncScope())
        {
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<TitleRemoval>().RemoveAsync(Seeded.SeriesId, "test", "test", CancellationToken.None));
        }

        await ExpireLinksAsync(page);
        await PressPlayAsync(page);

        var message = page.Locator("[data-player-message]");
        await message.WaitForAsync();
        Assert.Contains("removed", await message.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("alert", await message.GetAttributeAsync("role"));
        await page.CloseAsync();
    }

    private async Task<IPage> OpenAsync(string fileId)
    {
        var page = await fixture.NewPageAsync();
        // A fake clock in the page that runs at real speed until a test moves it on.
        await page.Clock.InstallAsync();
        await page.GotoAsync($"/watch/{fileId}");
        await page.Locator(".player.is-enhanced").WaitForAsync();
        await page.WaitForFunctionAsync($"() => {Video}.readyState >= 1");
        return page;
    }

    private static async Task<double> PlayThenPauseAsync(IPage page)
    {
        await PressPlayAsync(page);
        await page.WaitForFunctionAsync($"() => {{ const v = {Video}; return !v.paused && v.currentTime > 4; }}");
        await page.EvaluateAsync($"() => new Promise(resolve => {{ const v = {Video}; v.addEventListener('pause', () => resolve(), {{ once: true }}); v.pause(); }})");
        return await page.EvaluateAsync<double>($"() => {Video}.currentTime");
    }

    private static async Task PressPlayAsync(IPage page) =>
        await page.EvaluateAsync("() => { window.streamVaultPlayer.play(); }");

    private async Task ExpireLinksAsync(IPage page)
    {
        // The server's clock only moves when a test moves it, the page's runs at real speed: after the pause the page
        // is brought to the server's time, as a device with a correct clock would be.
        var server = fixture.Site.Time!;
        server.Advance(ShortLinkBrowserFixture.LinkLifetime + TimeSpan.FromMinutes(1));
        var pageNow = await page.EvaluateAsync<double>("() => Date.now()");
        await page.Clock.FastForwardAsync(Math.Max(0, server.GetUtcNow().ToUnixTimeMilliseconds() - (long)pageNow));
    }
}
