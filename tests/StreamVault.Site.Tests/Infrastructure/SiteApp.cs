using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StreamVault.Server.Hosting;

namespace StreamVault.Site.Tests.Infrastructure;

/// <summary>The real server (StreamVaultApp, as `serve` builds it) on Kestrel at 127.0.0.1:0 over a temporary data folder, seeded with <see cref="SiteSeed"/>.</summary>
public sealed class SiteApp : IAsyncDisposable
{
    private readonly string folder;

    private SiteApp(WebApplication app, string folder, SeededCatalog catalog, FakeTimeProvider? time)
    {
        App = app;
        Time = time;
        this.folder = folder;
        Catalog = catalog;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public SeededCatalog Catalog { get; }

    /// <summary>The server's clock when started with <c>fakeTime</c>: links expire when a test advances it.</summary>
    public FakeTimeProvider? Time { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<SiteApp> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, bool fakeTime = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sv-site-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var builder = StreamVaultApp.CreateBuilder(new Dictionary<string, string?>
        {
            ["StreamVault:DataDirectory"] = folder,
            ["StreamVault:Catalog:DemoTitles"] = "false",
        }.Concat(settings ?? new Dictionary<string, string?>()).ToDictionary());
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Starts at the real time, so links signed on it look current to the browser's own clock.
        var time = fakeTime ? new FakeTimeProvider(DateTimeOffset.UtcNow) : null;
        if (time is not null)
        {
            builder.Services.AddSingleton<TimeProvider>(time);
        }

        var app = builder.Build();
        await app.Services.InitializeAsync();
        app.MapStreamVault();
        await app.StartAsync();
        var catalog = await SiteSeed.SeedAsync(app.Services);
        return new SiteApp(app, folder, catalog, time);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp cleaner gets it.
        }
    }
}

/// <summary>One server for a whole test class: starting Kestrel and seeding take longer than the page checks.</summary>
public sealed class SiteAppFixture : IAsyncLifetime
{
    public SiteApp Site { get; private set; } = null!;

    public async Task InitializeAsync() => Site = await SiteApp.StartAsync();

    public async Task DisposeAsync() => await Site.DisposeAsync();
}
