using Microsoft.EntityFrameworkCore;
using StreamVault.Core.Catalog;
using StreamVault.Data;

namespace StreamVault.Delivery.Policy;

/// <summary>
/// The current <see cref="DeliveryPolicy"/>, read from the settings table. Every stream request asks for it, so it is
/// kept for a few seconds; a change made in this process is seen at once, one made by the command line (another
/// process) within <see cref="MaxAge"/>.
/// </summary>
public sealed class DeliveryPolicies(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private volatile Snapshot? _current;

    private sealed record Snapshot(DeliveryPolicy Policy, DateTimeOffset ReadAt);

    public async ValueTask<DeliveryPolicy> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && time.GetUtcNow() - current.ReadAt < MaxAge)
        {
            return current.Policy;
        }

        await using var scope = scopes.CreateAsyncScope();
        var policy = await ReadAsync(scope.ServiceProvider.GetRequiredService<CatalogDbContext>(), cancellationToken);
        _current = new Snapshot(policy, time.GetUtcNow());
        return policy;
    }

    /// <summary>Forgets the kept policy after a change.</summary>
    public void Invalidate() => _current = null;

    public static async Task<DeliveryPolicy> ReadAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var settings = await db.Settings.AsNoTracking().Where(s => s.Key.StartsWith(DeliveryPolicy.SettingPrefix)).ToListAsync(cancellationToken);
        var modes = new Dictionary<QualityBucket, DeliveryMode>();
        foreach (var setting in settings)
        {
            // A hand-edited or future value that does not parse is ignored: the quality keeps streaming.
            if (DeliveryNames.TryParseQuality(setting.Key[DeliveryPolicy.SettingPrefix.Length..], out var quality) && DeliveryNames.TryParseMode(setting.Value, out var mode))
            {
                modes[quality] = mode;
            }
        }

        return new DeliveryPolicy(modes);
    }
}
