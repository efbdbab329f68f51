namespace StreamVault.Accounts;

/// <summary>Names of the accounts endpoints, for links built by <see cref="LinkGenerator"/>.</summary>
public static class AccountRoutes
{
    public const string SignIn = "accounts.signin";
    public const string SignOut = "accounts.signout";
}
