using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StreamVault.Data;
using StreamVault.Data.Entities;

namespace StreamVault.Server.Hosting;

/// <summary>Secrets the server needs from its first start on: taken from configuration when set, otherwise generated
/// once and kept in the catalogue so every restart (and every node sharing the database) signs alike.</summary>
public sealed class AppSecrets
{
    private const string LinkKeySetting = "secret.link-signing";

    public required byte[] LinkSigningKey { get; init; }

    public static async Task<AppSecrets> LoadOrCreateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<StreamVaultOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(options.LinkSigningSecret))
        {
            return new AppSecrets { LinkSigningKey = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(options.LinkSigningSecret)) };
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var stored = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == LinkKeySetting, cancellationToken);
        if (stored is null)
        {
            stored = new AppSetting { Key = LinkKeySetting, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
            db.Settings.Add(stored);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another process (an ingest next to the server) created it first; use theirs.
                db.ChangeTracker.Clear();
                stored = await db.Settings.AsNoTracking().FirstAsync(s => s.Key == LinkKeySetting, cancellationToken);
            }
        }

        return new AppSecrets { LinkSigningKey = Convert.FromBase64String(stored.Value) };
    }
}
