using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StreamVault.Server.Hosting;

namespace StreamVault.Server.Tests.Infrastructure;

/// <summary>The real server on real Kestrel (127.0.0.1, ephemeral port) over a temporary data folder.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private TestApp(WebApplication app, TempFolder folder, FakeTimeProvider time)
    {
        App = app;
        Folder = folder;
        Time = time;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(address) };
    }

    public WebApplication App { get; }

    public TempFolder Folder { get; }

    /// <summary>The server's clock, unless the app was started on real time (remote vaults simulate latency on it).</summary>
    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<TestApp> StartAsync(Action<Dictionary<string, string?>>? configure = null, bool demoTitles = false, bool fakeTime = true)
    {
        var folder = new TempFolder();
        var settings = new Dictionary<string, string?>
        {
            ["StreamVault:DataDirectory"] = folder.Path,
            ["StreamVault:Catalog:DemoTitles"] = demoTitles ? "true" : "false",
        };
        configure?.Invoke(settings);
        var builder = StreamVaultApp.CreateBuilder(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        if (fakeTime)
        {
            builder.Services.AddSingleton<TimeProvider>(time);
        }
        var app = builder.Build();
        await app.Services.InitializeAsync();
        app.MapStreamVault();
        await app.StartAsync();
        if (demoTitles)
        {
            await StreamVault.Catalog.Demo.DemoLibrary.AddAsync(app.Services, CancellationToken.None);
        }

        return new TestApp(app, folder, time);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Folder.Dispose();
    }
}

public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sv-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a file of deterministic pseudo-random bytes.</summary>
    public string WriteRandomFile(string relativePath, int length, int seed = 1)
    {
        var path = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process under test may still hold a file; the OS temp cleaner gets it.
        }
    }
}
