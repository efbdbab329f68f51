namespace StreamVault.Catalog.Takedown;

/// <summary>
/// Tells every node that media files were removed, so each forgets what it remembers of them (lookups, open ranges)
/// before the bytes go. In one process that is this node's lookup cache; a multi-node deployment registers a bus
/// (Redis) behind the same interface.
/// </summary>
public interface ICatalogInvalidation
{
    /// <summary>Returns how many other nodes were told (0 in one process).</summary>
    Task<int> PublishRemovedAsync(IReadOnlyCollection<string> mediaPublicIds, CancellationToken cancellationToken);
}

internal sealed class InProcessCatalogInvalidation(MediaLookupCache lookups) : ICatalogInvalidation
{
    public Task<int> PublishRemovedAsync(IReadOnlyCollection<string> mediaPublicIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mediaPublicIds);
        foreach (var id in mediaPublicIds)
        {
            lookups.Forget(id);
        }

        return Task.FromResult(0);
    }
}
