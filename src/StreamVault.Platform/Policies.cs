namespace StreamVault.Platform;

/// <summary>Authorization policy names every module's endpoints use.</summary>
public static class Policies
{
    /// <summary>The policy of every admin route (dashboard pages and /api/admin).</summary>
    public const string Admin = "admin";
}
