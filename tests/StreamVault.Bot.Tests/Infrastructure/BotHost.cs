using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.BotApi.StandIn;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Server.Hosting;

namespace StreamVault.Bot.Tests.Infrastructure;

/// <summary>
/// The real server on Kestrel loopback over a temporary data folder, its manager bot talking to a Bot API stand-in.
/// Real time: the bot's limiter spaces its messages as it would against Telegram, and the stand-in holds it to the same
/// limits. Tests in one class share a host and keep apart by using their own user and chat ids.
/// </summary>
public sealed class BotHost : IAsyncDisposable
{
    public const long OwnerId = 1001;
    public const long ConfiguredAdminId = 2002;
    public const string WebhookSecret = "webhook-secret-0123456789abcdef";

    private BotHost(WebApplication app, BotApiStandIn standIn, string folder)
    {
        App = app;
        StandIn = standIn;
        Folder = folder;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(address) };
    }

    public WebApplication App { get; }

    public BotApiStandIn StandIn { get; }

    public string Folder { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    /// <param name="services">Replaces services after the server's own (a recording stand-in for a seam).</param>
    public static async Task<BotHost> StartAsync(bool webhook = false, bool demoTitles = true, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var standIn = await BotApiStandIn.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), "sv-bot-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        // Webhook mode needs the server's address before it starts (setWebhook is called at start).
        var port = webhook ? FreePort() : 0;
        var settings = new Dictionary<string, string?>
        {
            ["StreamVault:DataDirectory"] = folder,
            ["StreamVault:Catalog:DemoTitles"] = "false",
            ["StreamVault:Bot:Token"] = standIn.Token,
            ["StreamVault:Bot:ApiBaseUrl"] = standIn.BaseUrl.ToString(),
            ["StreamVault:Bot:OwnerId"] = OwnerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["StreamVault:Bot:AdminIds:0"] = ConfiguredAdminId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Short polls: a stopping test host does not wait on a long one.
            ["StreamVault:Bot:PollTimeoutSeconds"] = "2",
        };
        if (webhook)
        {
            settings["StreamVault:PublicBaseUrl"] = $"http://127.0.0.1:{port}";
            settings["StreamVault:Bot:Mode"] = "Webhook";
            settings["StreamVault:Bot:WebhookSecret"] = WebhookSecret;
        }

        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = StreamVaultApp.CreateBuilder(settings);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        services?.Invoke(builder.Services);
        var app = builder.Build();
        await app.Services.InitializeAsync();
        app.MapStreamVault();
        await app.StartAsync();
        if (demoTitles)
        {
            await StreamVault.Catalog.Demo.DemoLibrary.AddAsync(app.Services, CancellationToken.None);
        }

        return new BotHost(app, standIn, folder);
    }

    /// <summary>A user says <paramref name="text"/> in their private chat with the bot and waits for the bot's next
    /// message there.</summary>
    public async Task<StandInMessage> AskAsync(long userId, string text) => await AskInAsync(userId, userId, text);

    public async Task<StandInMessage> AskInAsync(long userId, long chatId, string text)
    {
        var before = StandIn.State.BotMessages(chatId).Count;
        StandIn.SendText(userId, chatId, text);
        await StandIn.WaitForMessageAsync(chatId, _ => StandIn.State.BotMessages(chatId).Count > before);
        return StandIn.State.BotMessages(chatId)[before];
    }

    public async Task<List<AuditEntry>> AuditOfAsync(long userId)
    {
        await using var scope = Services.CreateAsyncScope();
        var actor = "telegram:" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Audit.AsNoTracking().Where(a => a.Actor == actor).OrderBy(a => a.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await StandIn.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held; the OS temp cleaner gets it.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One host for a test class.</summary>
public sealed class BotHostFixture : IAsyncLifetime
{
    public BotHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await BotHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
