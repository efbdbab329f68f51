using System.Security.Claims;

namespace StreamVault.Platform;

/// <summary>Authorization policy names every module's endpoints use.</summary>
public static class Policies
{
    /// <summary>The policy of every admin route (dashboard pages and /api/admin).</summary>
    public const string Admin = "admin";

    /// <summary>Who a web admin's action is audited and its jobs are started as, the same from the dashboard and the
    /// admin API: "admin:" and the account's public id.</summary>
    public static string AdminActor(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return "admin:" + (user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.Identity?.Name ?? "unknown");
    }
}
