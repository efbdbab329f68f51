using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StreamVault.Catalog.Import;
using StreamVault.Catalog.Ingest;
using StreamVault.Catalog.Jobs;
using StreamVault.Catalog.Leech;
using StreamVault.Catalog.Reports;
using StreamVault.Catalog.Takedown;

namespace StreamVault.Catalog;

/// <summary>The catalogue module: ingest, lookups for the byte path, and takedown. The database and the vaults it works
/// on are registered by the host (they depend on the deployment: SQLite or PostgreSQL, local folder or Telegram).</summary>
public static class CatalogModule
{
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MediaProbe>();
        services.TryAddSingleton<MediaLookupCache>();
        services.TryAddScoped<IngestService>();
        services.TryAddScoped<CatalogWriter>();
        services.TryAddScoped<TitleRemoval>();
        services.TryAddScoped<Titles.TitleEditor>();
        services.AddOptions<TakedownOptions>().BindConfiguration(TakedownOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TakedownOptions>, TakedownOptionsValidation>());
        services.AddOptions<ReportsOptions>().BindConfiguration(ReportsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReportsOptions>, ReportsOptionsValidation>());
        services.TryAddScoped<AbuseReports>();
        services.TryAddSingleton<ICatalogInvalidation, InProcessCatalogInvalidation>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IContentPurger, NginxCachePurger>());
        services.TryAddSingleton<IOperatorJobs, OperatorJobs>();
        services.AddOptions<LeechOptions>().BindConfiguration(LeechOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeechOptions>, LeechOptionsValidation>());
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton<LeechDownloader>();
        services.TryAddSingleton<ArchiveExtractor>();
        services.TryAddSingleton<LeechService>();
        services.TryAddSingleton<ChannelMediaProbe>();
        services.TryAddScoped<ChannelPostCatalogue>();
        services.TryAddScoped<ChannelImporter>();
        services.TryAddSingleton<ChannelImportJobs>();
        services.TryAddScoped<ChannelIndexing>();
        services.TryAddSingleton<ChannelPostIndexer>();
        services.TryAddSingleton<IChannelPostIndexer>(sp => sp.GetRequiredService<ChannelPostIndexer>());
        services.AddHostedService<ChannelWatcher>(); // runs only in the web server: commands build no host
        return services;
    }
}
