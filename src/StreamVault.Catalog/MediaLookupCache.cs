using Microsoft.Extensions.Caching.Memory;
using StreamVault.Data;

namespace StreamVault.Catalog;

/// <summary>
/// The byte endpoints' view of the catalogue. A player sends a range request every second or so per viewer; asking
/// the database each time would hold a DbContext (and a connection) for as long as each response drains, which at a
/// thousand viewers is most of the server's memory. Entries live a few seconds; a takedown in this process forgets
/// them at once, and one made by another process (the CLI, another node) reaches the byte path within
/// <see cref="Lifetime"/>. Unknown ids are not remembered, so a fresh ingest is playable at once.
/// </summary>
public sealed class MediaLookupCache(IServiceScopeFactory scopes) : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    public async Task<MediaLookup?> FindAsync(string publicId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(publicId, out MediaLookup? known))
        {
            return known;
        }

        await using var scope = scopes.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().FindMediaAsync(publicId, cancellationToken);
        if (found is not null)
        {
            _cache.Set(publicId, found, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        }

        return found;
    }

    public void Forget(string publicId) => _cache.Remove(publicId);

    public void Dispose() => _cache.Dispose();
}
