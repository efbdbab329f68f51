namespace StreamVault.Accounts;

/// <summary>Names of the accounts endpoints, for links built by <see cref="LinkGenerator"/>.</summary>
public static class AccountRoutes
{
    public const string SignIn = "accounts.signin";
    public const string SignOut = "accounts.signout";

    /// <summary>The one-time sign-in route. The command line prints these links with no router running, so it fills the
    /// template itself (<see cref="SignInPath"/>) instead of writing the shape a second time.</summary>
    public const string SignInTemplate = "/signin/{token}";

    /// <summary>Pages the site maps and the cookie handler redirects to: how to sign in, and "not for this account"
    /// for a signed-in visitor whose role does not open a page.</summary>
    public const string SignInHelpPath = "/signin";
    public const string AccessDeniedPath = "/access-denied";

    public static string SignInPath(string token) => SignInTemplate.Replace("{token}", Uri.EscapeDataString(token), StringComparison.Ordinal);
}
