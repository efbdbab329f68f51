using System.Security.Claims;
using StreamVault.Platform;
using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Admin;

/// <summary>JSON endpoints of the admin dashboard. Every route in the group requires the admin role.</summary>
public static class AdminApi
{
    public sealed record SwarmReport(IReadOnlyList<SwarmSnapshot> Swarms, SliceCacheStats? SliceCache);

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(Policies.Admin);
        admin.MapGet("/swarm", (IServiceProvider services) =>
        {
            var swarms = services.GetService<ISwarmMonitor>()?.Snapshot() ?? [];
            return TypedResults.Ok(new SwarmReport(swarms, services.GetService<ISliceCache>()?.Stats));
        });
        admin.MapDeliveryApi();
        admin.MapTakedownApi();
        admin.MapLeechApi();
        admin.MapImportApi();
        admin.MapReportsApi();
        admin.MapSessionsApi();
        return app;
    }

    /// <summary>Who an admin action is audited as.</summary>
    internal static string Actor(ClaimsPrincipal user) => Policies.AdminActor(user);
}
