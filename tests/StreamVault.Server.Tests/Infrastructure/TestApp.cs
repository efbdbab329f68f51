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

    /// <summary>A 0.1 s audio-only WebM (Opus, from the demo media) written as a live stream, so nothing in it points
    /// past its end: ffprobe reads its track from these bytes and ignores whatever follows. Audio only, so the quality
    /// comes from the file name as the tests expect.</summary>
    private static readonly byte[] MediaHead = Convert.FromBase64String(
        "GkXfo59ChoEBQveBAULygQRC84EIQoKEd2VibUKHgQRChYECGFOAZwH/////////EU2bdKtNu4tTq4QVSalmU6yBoU27i1OrhBZU" +
        "rmtTrIHYTbuMU6uEElTDZ1OsggFC7AEAAAAAAABoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAVSalmsirXsYMPQkBNgI1M" +
        "YXZmNTkuMjcuMTAwV0GNTGF2ZjU5LjI3LjEwMESJiEBZAAAAAAAAFlSua+WuAQAAAAAAAFzXgQFzxYgfwnoyiav93JyBACK1nIN1" +
        "bmSIgQCGhkFfT1BVU1aqg2MuoFa7hATEtACDgQLhkZ+BAbWIQOdwAAAAAABiZIEgY6KTT3B1c0hlYWQBATgBgLsAAAAAABJUw2fZ" +
        "c3OgY8CAZ8iaRaOHRU5DT0RFUkSHjUxhdmY1OS4yNy4xMDBzc7NjwItjxYgfwnoyiav93GfIokWjh0VOQ09ERVJEh5VMYXZjNTku" +
        "MzcuMTAwIGxpYm9wdXMfQ7Z1QdHngQCj8oEAAIB4gae3bJ6ZrAAABmrmKMl6zEDK8q3kKoYTiWcsZnDLLlkDqmPEcq7zM4Zmr1BD" +
        "cBJqSIlDNB00iS2+sJt/DN2WUBW6GQgmuCsk/4/V1MkVxJeyGoqoGYtZG39xKml82GJTIJCHCTAasAbXzlCCt6PSgQAVgHigrydJ" +
        "TcpryJd7cV8fJBzqZZ8URXN17m258CdEMCDl/8h3srbXFH59CPdEQ/7pTHu1eD3hKMeiumNgDenwo8wlpKS4AM7KX9Igalrz4aPT" +
        "gQApgHiaOqHymkvufGZPk2aPIXbUHXhlMW8rrdVZgNfKkbpgezXCkbZ6EkSVBQ9ZRPb7dCXBPETUIxhjNVYe3LpZ4JilfxKk4vah" +
        "z5obYKnzYGGj2YEAPYB4mjqh8ppL7nxmT4burLgCrWcx+5Js3/kpb804ZfmOT3wlU9nsyQU8wzZ7RrlFS6swGN6MWpyZPpAZH1IK" +
        "/x7ysZVzemdayqSKBIZtixn5ty+0DM5go9SBAFGAeJo6ofJsh9uvH3uT0nZPm6hjElZxpH8LbdZvBYxg49iDP8HtS+MuNpCm1CnT" +
        "jeIQY0gBvv/qYwF8qD5Jev3IBT/pkwDV+UYNT2QzBDqdalA=");

    /// <summary>Writes a media file of <paramref name="length"/> bytes (at least 1,000): a real WebM head, then
    /// deterministic pseudo-random bytes, so ingest accepts it and each seed has its own content.</summary>
    public string WriteRandomFile(string relativePath, int length, int seed = 1)
    {
        var bytes = RandomBytes(length, seed);
        MediaHead.CopyTo(bytes, 0);
        return Write(relativePath, bytes);
    }

    /// <summary>Writes a file of deterministic pseudo-random bytes: not media.</summary>
    public string WriteJunkFile(string relativePath, int length, int seed = 1) => Write(relativePath, RandomBytes(length, seed));

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private string Write(string relativePath, byte[] bytes)
    {
        var path = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
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
