using Microsoft.Playwright;

namespace StreamVault.Site.Tests.Infrastructure;

/// <summary>
/// The seeded site plus the system's headless Chromium (Debian's `chromium`; Playwright cannot download browsers
/// here). A missing Chromium fails every browser test with the fix in the message: these tests never skip.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    private readonly List<IBrowserContext> contexts = [];
    private readonly List<string> dialogs = [];

    public SiteApp Site { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Messages of the dialogs pages opened so far (a copy).</summary>
    public IReadOnlyList<string> Dialogs
    {
        get
        {
            lock (dialogs)
            {
                return [.. dialogs];
            }
        }
    }

    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {ChromiumPath}. Install it with `apt-get install chromium` (scripts/test.sh does) or set CHROMIUM_PATH.");
        }

        Site = await StartSiteAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();

        // Playwright gives every launch a fresh temporary profile (--user-data-dir) and adds --headless itself.
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
            ],
        });
    }

    /// <summary>The server under test; a fixture for other settings starts it differently.</summary>
    protected virtual Task<SiteApp> StartSiteAsync() => SiteApp.StartAsync();

    public async Task<IPage> NewPageAsync(int width = 1366, int height = 768)
    {
        // A context per page: each test starts with empty localStorage (resume positions) and cookies.
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Site.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        contexts.Add(context);
        var page = await context.NewPageAsync();
        // An alert() would mean injected script ran; record it for the tests to assert on.
        page.Dialog += async (_, dialog) =>
        {
            lock (dialogs)
            {
                dialogs.Add(dialog.Message);
            }

            await dialog.DismissAsync();
        };
        return page;
    }

    public async Task DisposeAsync()
    {
        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }

        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        Playwright?.Dispose();
        if (Site is not null)
        {
            await Site.DisposeAsync();
        }
    }
}
