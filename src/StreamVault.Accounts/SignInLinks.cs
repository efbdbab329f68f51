using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Platform;

namespace StreamVault.Accounts;

/// <summary>An admin sign-in link: absolute when the server's address is known (<see cref="IsComplete"/>), else the path
/// to open on it.</summary>
public sealed record AdminSignInLink(string Link, bool IsComplete);

/// <summary>One-time sign-in links. The token is shown once; only its SHA-256 is stored, so a leaked database
/// cannot be used to sign in.</summary>
public sealed class SignInLinks(CatalogDbContext db, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Makes sure an admin exists and returns a fresh sign-in token for them.</summary>
    public async Task<string> CreateAdminLinkTokenAsync(CancellationToken cancellationToken)
    {
        var admin = await db.Users.FirstOrDefaultAsync(u => u.Role == UserRole.Admin, cancellationToken);
        if (admin is null)
        {
            admin = new User { PublicId = PublicIds.New(), DisplayName = "Admin", Role = UserRole.Admin, CreatedAt = time.GetUtcNow().UtcDateTime };
            db.Users.Add(admin);
            await db.SaveChangesAsync(cancellationToken);
        }

        return await CreateTokenAsync(admin, cancellationToken);
    }

    /// <summary>A fresh one-time admin link on <see cref="ServerAddress.ForLinks"/>: what `admin-link` prints and the
    /// manager bot's /login sends.</summary>
    public async Task<AdminSignInLink> CreateAdminLinkAsync(StreamVaultOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = AccountRoutes.SignInPath(await CreateAdminLinkTokenAsync(cancellationToken));
        return ServerAddress.ForLinks(options) is { } baseUrl ? new AdminSignInLink(baseUrl.TrimEnd('/') + path, true) : new AdminSignInLink(path, false);
    }

    public async Task<string> CreateTokenAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var token = Base64UrlToken(32);
        var now = time.GetUtcNow().UtcDateTime;
        db.SignInTokens.Add(new SignInToken { TokenHash = Hash(token), UserId = user.Id, CreatedAt = now, ExpiresAt = now + Lifetime });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>Consumes a token: valid once, before it expires. The update is conditional so two concurrent uses of one
    /// token cannot both succeed.</summary>
    public async Task<User?> RedeemAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return null;
        }

        var hash = Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.SignInTokens
            .Where(t => t.TokenHash == hash && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
        if (claimed != 1)
        {
            return null;
        }

        return await db.SignInTokens.Where(t => t.TokenHash == hash).Select(t => t.User).FirstAsync(cancellationToken);
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlToken(int bytes) => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));
}
