using Microsoft.Playwright;

namespace StreamVault.Site.Tests.Infrastructure;

/// <summary>
/// The seeded site plus the system's headless Chromium (Debian's `chromium`; Playwright cannot download browsers
/// here). A missing Chromium fails every browser test with the fix in the message: these tests never skip.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private string profile = string.Empty;

    public SiteApp Site { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowserContext Context { get; private set; } = null!;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {ChromiumPath}. Install it with `apt-get install chromium` (scripts/test.sh does) or set CHROMIUM_PATH.");
        }

        Site = await SiteApp.StartAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        profile = Path.Combine(Path.GetTempPath(), "sv-chromium-" + Guid.NewGuid().ToString("N")[..12]);

        // A fresh profile per run; Playwright passes it as --user-data-dir and adds --headless itself.
        Context = await Playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            BaseURL = Site.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
            ],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1366, int height = 768)
    {
        var page = await Context.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        page.Dialog += (_, dialog) => throw new InvalidOperationException($"A dialog opened: {dialog.Message}"); // alert() would mean script injection
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Context is not null)
        {
            await Context.CloseAsync();
        }

        Playwright?.Dispose();
        if (Site is not null)
        {
            await Site.DisposeAsync();
        }

        try
        {
            if (profile.Length > 0)
            {
                Directory.Delete(profile, recursive: true);
            }
        }
        catch (IOException)
        {
            // Chromium may still be writing its profile as it exits.
        }
    }
}
