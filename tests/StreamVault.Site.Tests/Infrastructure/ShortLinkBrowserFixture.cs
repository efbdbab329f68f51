namespace StreamVault.Site.Tests.Infrastructure;

/// <summary>The browser fixture over a server on a fake clock whose links live the shortest allowed time (1 min): a
/// test expires every link on a page by advancing the server's clock and the page's (Playwright's clock).</summary>
public sealed class ShortLinkBrowserFixture : BrowserFixture
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(1);

    protected override Task<SiteApp> StartSiteAsync() =>
        SiteApp.StartAsync(new Dictionary<string, string?> { ["StreamVault:Delivery:LinkLifetime"] = "00:01:00" }, fakeTime: true);
}
