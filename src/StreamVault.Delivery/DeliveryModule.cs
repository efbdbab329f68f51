using Microsoft.Extensions.DependencyInjection.Extensions;
using StreamVault.Delivery.Policy;
using StreamVault.Delivery.Streaming;
using StreamVault.Platform;

namespace StreamVault.Delivery;

/// <summary>The delivery module: signed links, the stream and download endpoints, and the per-quality delivery policy
/// (stream, download-only, external mirror) both enforce.</summary>
public static class DeliveryModule
{
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LinkSigningKey>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModuleInitializer, LinkSigningKey.Initializer>());
        services.TryAddSingleton(sp => new LinkSigner(sp.GetRequiredService<LinkSigningKey>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IMediaLinks, MediaLinks>();
        services.TryAddSingleton<DeliveryPolicies>();
        services.TryAddScoped<DeliveryAdmin>();
        services.TryAddSingleton<ActiveViewers>();
        services.TryAddSingleton<IActiveViewers>(sp => sp.GetRequiredService<ActiveViewers>());
        return services;
    }

    /// <summary>GET and HEAD /stream/{id}/{name}, /download/{id}/{name} and /subtitles/{id}/{lang}.vtt: signed links only;
    /// GET /api/links/play/{id}: fresh links for a player whose links expired.</summary>
    public static IEndpointRouteBuilder MapDelivery(this IEndpointRouteBuilder app) => app.MapStreaming().MapSubtitles().MapFreshLinks();
}
