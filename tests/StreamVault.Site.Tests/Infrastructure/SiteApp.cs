using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Server.Hosting;

namespace StreamVault.Site.Tests.Infrastructure;

/// <summary>The real server (StreamVaultApp, as `serve` builds it) on Kestrel at 127.0.0.1:0 over a temporary data folder, seeded with <see cref="SiteSeed"/>.</summary>
public sealed class SiteApp : IAsyncDisposable
{
    private readonly string folder;

    private SiteApp(WebApplication app, string folder, SeededCatalog catalog)
    {
        App = app;
        this.folder = folder;
        Catalog = catalog;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public SeededCatalog Catalog { get; }

    public static async Task<SiteApp> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sv-site-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var builder = StreamVaultApp.CreateBuilder(new Dictionary<string, string?>
        {
            ["StreamVault:DataDirectory"] = folder,
            ["StreamVault:Catalog:DemoTitles"] = "false",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        await app.Services.InitializeAsync();
        app.MapStreamVault();
        await app.StartAsync();
        var catalog = await SiteSeed.SeedAsync(app.Services);
        return new SiteApp(app, folder, catalog);
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
