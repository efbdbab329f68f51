using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StreamVault.Catalog;
using StreamVault.Catalog.Ingest;

namespace StreamVault.Artwork;

/// <summary>The artwork module: poster frames and seek thumbnails drawn by ffmpeg at ingest (or on first request),
/// served from /art, deleted on takedown.</summary>
public static class ArtworkModule
{
    public static IServiceCollection AddArtwork(this IServiceCollection services)
    {
        services.AddOptions<ArtworkOptions>().BindConfiguration(ArtworkOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArtworkOptions>, ArtworkOptionsValidation>());
        services.TryAddSingleton<FfmpegRunner>();
        services.TryAddSingleton<ArtworkStore>();
        services.TryAddSingleton<ArtworkExtractor>();
        services.TryAddSingleton<ArtworkService>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IContentPurger, ArtworkPurger>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMediaIngestedHandler, ArtworkIngestHandler>());
        return services;
    }

    public static IEndpointRouteBuilder MapArtwork(this IEndpointRouteBuilder app) => ArtworkEndpoints.Map(app);
}
