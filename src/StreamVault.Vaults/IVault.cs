namespace StreamVault.Vaults;

/// <summary>
/// A place that keeps media bytes: a local folder, Telegram channels, an HTTP mirror.
/// An object is stored as one or more ordered parts (Telegram documents cap at 2 GiB);
/// the catalogue keeps the parts, the vault only knows locators.
/// </summary>
public interface IVault
{
    /// <summary>Stable id of this vault as stored in replica rows ("local", "telegram:main").</summary>
    string Id { get; }

    /// <summary>Largest part this vault stores; larger objects are split by <see cref="WriteAsync"/>.</summary>
    long MaxPartSize { get; }

    /// <summary>Stores <paramref name="content"/> under a name derived from <paramref name="key"/>. Atomic per part:
    /// a reader never sees a torn part, and an interrupted write leaves nothing behind that a later write does not replace.</summary>
    Task<StoredObject> WriteAsync(string key, Stream content, IProgress<long>? progress, CancellationToken cancellationToken);

    /// <summary>Reads up to <c>destination.Length</c> bytes of one part starting at <paramref name="offset"/>; returns the count read (0 at end).</summary>
    ValueTask<int> ReadAsync(string locator, long offset, Memory<byte> destination, CancellationToken cancellationToken);

    /// <summary>Deletes one part. Deleting a missing part is not an error.</summary>
    Task DeleteAsync(string locator, CancellationToken cancellationToken);
}

/// <summary>One stored object: its parts in order and their total length.</summary>
public sealed record StoredObject(string VaultId, IReadOnlyList<StoredPart> Parts)
{
    public long Length => Parts.Sum(p => p.Length);
}

/// <summary>One part of a stored object. <paramref name="Locator"/> is opaque outside its vault and never reaches a browser.</summary>
public sealed record StoredPart(int Index, string Locator, long Length);

/// <summary>Vaults that keep parts as files on this machine can hand out paths, so the server can use sendfile.</summary>
public interface ILocalFileVault : IVault
{
    string? TryGetPhysicalPath(string locator);
}
