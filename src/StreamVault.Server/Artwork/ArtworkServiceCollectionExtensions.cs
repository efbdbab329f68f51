using StreamVault.Server.Catalog;

namespace StreamVault.Server.Artwork;

public static class ArtworkServiceCollectionExtensions
{
    public static IServiceCollection AddArtwork(this IServiceCollection services)
    {
        services.AddSingleton<FfmpegRunner>();
        services.AddSingleton<ArtworkStore>();
        services.AddSingleton<ArtworkExtractor>();
        services.AddSingleton<ArtworkService>();
        services.AddScoped<IContentPurger, ArtworkPurger>();
        return services;
    }
}
