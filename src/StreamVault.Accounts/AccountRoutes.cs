namespace StreamVault.Accounts;

/// <summary>Names of the accounts endpoints, for links built by <see cref="LinkGenerator"/>.</summary>
public static class AccountRoutes
{
    public const string SignIn = "accounts.signin";
    public const string SignOut = "accounts.signout";

    /// <summary>The one-time sign-in route. The command line prints these links with no router running, so it fills the
    /// template itself (<see cref="SignInPath"/>) instead of writing the shape a second time.</summary>
    public const string SignInTemplate = "/signin/{token}";

    public static string SignInPath(string token) => SignInTemplate.Replace("{token}", Uri.EscapeDataString(token), StringComparison.Ordinal);
}
