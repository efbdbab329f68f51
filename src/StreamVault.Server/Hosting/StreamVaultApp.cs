using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Prometheus;
using StreamVault.Data;
using StreamVault.Server.Accounts;
using StreamVault.Server.Catalog;
using StreamVault.Server.Delivery;
using StreamVault.Server.Ingest;
using StreamVault.Server.Site;
using StreamVault.Server.Streaming;
using StreamVault.Vaults.Metrics;
using StreamVault.Server.Admin;
using StreamVault.Server.Artwork;
using StreamVault.Web.Ranges.Memory;

namespace StreamVault.Server.Hosting;

/// <summary>Builds the web application; shared by `serve`, the other commands (which need its services) and the tests.</summary>
public static class StreamVaultApp
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
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxResponseBufferSize = ResponseWindow);
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, SizedBlockMemoryPool.Factory>();
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information)
            .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddStreamVaultServices(builder.Configuration);
        return builder;
    }

    public static IServiceCollection AddStreamVaultServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StreamVaultOptions>()
            .Bind(configuration.GetSection(StreamVaultOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = configuration.GetSection(StreamVaultOptions.Section).Get<StreamVaultOptions>() ?? new StreamVaultOptions();
        Directory.CreateDirectory(options.FullDataDirectory);

        services.AddSingleton(TimeProvider.System);
        services.AddCatalogSqlite(options.DatabasePath);
        services.AddVaults(configuration, options);
        services.AddSingleton<AppSecretsHolder>();
        services.AddSingleton(sp => new LinkSigner(sp.GetRequiredService<AppSecretsHolder>().Secrets.LinkSigningKey, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IMediaLinks, MediaLinks>();
        services.AddSingleton<DeliveryPolicies>();
        services.AddScoped<DeliveryAdmin>();
        services.AddSingleton<MediaProbe>();
        services.AddArtwork();
        services.AddScoped<IngestService>();
        services.AddScoped<CatalogWriter>();
        services.AddScoped<TitleRemoval>();
        services.AddSingleton<MediaLookupCache>();
        services.AddScoped<SignInLinks>();
        services.AddSite();

        // Cookie encryption keys live with the data, so a restart (or another node sharing the folder) keeps sessions valid.
        services.AddDataProtection()
            .SetApplicationName("StreamVault")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.FullDataDirectory, "keys")));
        services.AddProblemDetails();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "sv_auth";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = "/signin";
                cookie.SlidingExpiration = true;
                cookie.ExpireTimeSpan = TimeSpan.FromDays(30);
                // APIs answer with status codes (and problem details), people get the sign-in page.
                cookie.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(nameof(Data.Entities.UserRole.Admin)));
        return services;
    }

    /// <summary>Migrates the catalogue and loads secrets; every command runs this before touching data.</summary>
    public static async Task InitializeAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        _ = services.GetRequiredService<IOptions<StreamVaultOptions>>().Value;
        await services.MigrateCatalogAsync(cancellationToken);
        var holder = services.GetRequiredService<AppSecretsHolder>();
        holder.Secrets = await AppSecrets.LoadOrCreateAsync(services, cancellationToken);
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplication MapStreamVault(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseHttpMetrics();
        app.UseAuthentication();
        app.UseAuthorization();

        app.Services.UseVaultMetrics();
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapMetrics("/metrics").AddEndpointFilter(async (context, next) =>
        {
            // Scrapers run beside the server; anyone else needs the admin role.
            var http = context.HttpContext;
            var local = http.Connection.RemoteIpAddress is { } ip && System.Net.IPAddress.IsLoopback(ip);
            return local || http.User.IsInRole(nameof(Data.Entities.UserRole.Admin)) ? await next(context) : Results.NotFound();
        });
        app.MapStreaming();
        app.MapArtwork();
        app.MapAdminApi();
        app.MapAccounts();
        app.MapSite();
        return app;
    }
}

/// <summary>Secrets are loaded after migrations, once per process; services that sign read them from here.</summary>
public sealed class AppSecretsHolder
{
    private AppSecrets? _secrets;

    public AppSecrets Secrets
    {
        get => _secrets ?? throw new InvalidOperationException("Secrets are read before StreamVaultApp.InitializeAsync ran.");
        set => _secrets = value;
    }
}

public static class Policies
{
    public const string Admin = "admin";
}
