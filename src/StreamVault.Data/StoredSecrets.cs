using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using StreamVault.Data.Entities;

namespace StreamVault.Data;

/// <summary>Server secrets generated once and kept in the catalogue's settings, so every restart and every node sharing
/// the database uses the same one.</summary>
public static class StoredSecrets
{
    /// <summary>The 32-byte secret stored under <paramref name="key"/>, created on first use.</summary>
    public static async Task<byte[]> LoadOrCreateAsync(CatalogDbContext db, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stored = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            var created = new AppSetting { Key = key, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
            db.Settings.Add(created);
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                stored = created;
            }
            catch (DbUpdateException)
            {
                // Another process (an ingest next to the server) created it first; use theirs.
                stored = await db.Settings.AsNoTracking().FirstAsync(s => s.Key == key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // The caller's context goes on with its own work; a failed insert must not be retried by its next save.
                db.Entry(created).State = EntityState.Detached;
            }
        }

        return Convert.FromBase64String(stored.Value);
    }
}
