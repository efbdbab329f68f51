using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;
using StreamVault.Accounts;
using StreamVault.Admin;
using StreamVault.Artwork;
using StreamVault.Bot;
using StreamVault.Catalog;
using StreamVault.Data;
using StreamVault.Delivery;
using StreamVault.Delivery.Streaming;
using StreamVault.Platform;
using StreamVault.Site;
using StreamVault.Vaults.Metrics;
using StreamVault.Web.Ranges.Memory;
using StreamVault.Web.Ranges.Sendfile;

namespace StreamVault.Server.Hosting;

/// <summary>Builds the web application; shared by `serve`, the other commands (which need its services) and the tests.</summary>
internal static class StreamVaultApp
{
    /// <summary>Bytes a response may have queued for its socket before the writer waits.</summary>
    internal const int ResponseWindow = 32 * 1024;

    public static WebApplicationBuilder CreateBuilder(IDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddConfiguration(StreamVaultConfiguration.Build(overrides));
        // Media responses are read straight into 16 or 32 KiB blocks of the connection's pipe and flushed; the kernel's
        // socket buffer does the real buffering. The socket transport's default 64 KiB write window holds 64 KiB per slow
        // viewer plus the chunk being written; 32 KiB took peak memory at a thousand streams from 315 to about 262 MiB
        // with no loss of throughput (16 KiB lost a quarter of it). MaxResponseBufferSize is the same window for HTTP/2.
        builder.WebHost.UseSockets(sockets => sockets.MaxWriteBufferSize = ResponseWindow);
        // File ranges (local vault files, cached slices) leave by sendfile(2) on plain HTTP/1.x connections, the same
        // window applying to what the connection queues (bench/stream-vs-nginx.sh: 0.3-0.55 of nginx before, see README).
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxResponseBufferSize = ResponseWindow;
            kestrel.ConfigureEndpointDefaults(listen => listen.UseSendfile(ResponseWindow));
        });
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, SizedBlockMemoryPool.Factory>();
        // The lifetime messages ("Now listening on", "Application started") cut into the start banner, which says the same.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddStreamVaultServices(builder.Configuration);
        return builder;
    }

    /// <summary>Every module of the web server. Commands that need less call <see cref="AddStreamVaultCore(IServiceCollection, IConfiguration)"/> and the
    /// modules they use.</summary>
    public static IServiceCollection AddStreamVaultServices(this IServiceCollection services, IConfiguration configuration)
    {
        var options = DataOptions(configuration);
        services.AddStreamVaultCore(configuration, options)
            .AddCatalog()
            .AddDelivery()
            .AddArtwork()
            .AddAccounts()
            .AddSite()
            .AddManagerBot(configuration);

        // Cookie encryption keys live with the data, so a restart (or another node sharing the folder) keeps sessions valid.
        services.AddDataProtection()
            .SetApplicationName("StreamVault")
            .PersistKeysToFileSystem(new DirectoryInfo(options.PathInData("keys")));
        services.AddProblemDetails();
        services.AddReverseProxy();
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>Forwarded headers (client address, scheme, host) are believed only from the proxies of
    /// <see cref="ProxyOptions"/>: the sign-in cookie is Secure when the proxy says the visitor came over https.</summary>
    private static IServiceCollection AddReverseProxy(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            var trusted = proxy.Value;
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            forwarded.ForwardLimit = trusted.ForwardLimit;
            // ASP.NET Core's defaults trust loopback (127.0.0.0/8 and ::1): a proxy on this host. Configured lists
            // replace them, so an operator whose nginx runs elsewhere does not also trust every local process.
            if (trusted.KnownProxies.Length > 0 || trusted.KnownNetworks.Length > 0)
            {
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                foreach (var address in trusted.KnownProxies)
                {
                    forwarded.KnownProxies.Add(IPAddress.Parse(address));
                }

                foreach (var network in trusted.KnownNetworks)
                {
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
                }
            }
        });
        return services;
    }

    /// <summary>What every command needs: the shared options, the clock, the catalogue database and the vaults.</summary>
    public static IServiceCollection AddStreamVaultCore(this IServiceCollection services, IConfiguration configuration) =>
        services.AddStreamVaultCore(configuration, DataOptions(configuration));

    private static IServiceCollection AddStreamVaultCore(this IServiceCollection services, IConfiguration configuration, StreamVaultOptions options)
    {
        services.AddOptions<StreamVaultOptions>()
            .BindConfiguration(StreamVaultOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddCatalogSqlite(options.DatabasePath);
        services.AddVaults(configuration, options);
        return services;
    }

    /// <summary>Migrates the catalogue and runs the modules' initializers; every command runs this before touching data.</summary>
    public static async Task InitializeAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<StreamVaultOptions>>().Value;
        DataDirectory.Prepare(options);
        await services.MigrateCatalogAsync(cancellationToken);
        foreach (var initializer in services.GetServices<IModuleInitializer>())
        {
            await initializer.InitializeAsync(services, cancellationToken);
        }
    }

    /// <summary>The shared section, read while services are composed (the database path decides the registration).</summary>
    internal static StreamVaultOptions DataOptions(IConfiguration configuration) =>
        configuration.GetSection(StreamVaultOptions.Section).Get<StreamVaultOptions>() ?? new StreamVaultOptions();

    public static WebApplication MapStreamVault(this WebApplication app)
    {
        // First, so everything after (https for the cookie, the client address in logs) sees the original request.
        app.UseForwardedHeaders();
        var metrics = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (metrics.ListenUrl is not null)
        {
            MetricsAccess.AddListener(app, metrics.ListenUrl);
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The signed byte routes skip the HTTP metrics: a route-labelled duration histogram per range request cost them
        // more than it told; they are counted by status instead. Authentication, authorization and antiforgery stay in
        // the main pipeline for every route (WebApplication adds its own at the front when it does not see them there);
        // a byte request carries no cookie and no form, so they cost it next to nothing.
        app.UseWhen(SignedByteRoute.Matches, bytes => bytes.Use(ByteResponseMetrics.CountAsync));
        app.UseWhen(context => !SignedByteRoute.Matches(context), site => site.UseHttpMetrics());
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.Services.UseVaultMetrics();
        ByteResponseMetrics.PublishViewers(app.Services.GetRequiredService<IActiveViewers>());
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapMetrics("/metrics").AddEndpointFilter(async (context, next) =>
            MetricsAccess.Check(context.HttpContext, metrics) ?? await next(context));
        app.MapDelivery();
        app.MapArtwork();
        app.MapAdminApi();
        app.MapAccounts();
        app.MapManagerBot();
        app.MapSite();
        return app;
    }
}
