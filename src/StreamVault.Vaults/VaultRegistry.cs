namespace StreamVault.Vaults;

/// <summary>Finds a vault by the id stored in a replica row.</summary>
public interface IVaultRegistry
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "C#-only API; the default vault is the domain's own name for it.")]
    IVault Default { get; }

    IVault? Find(string vaultId);
}

public static class VaultRegistryExtensions
{
    /// <summary>The media as one whole file on this machine (a single-part replica in a local vault), or null: what
    /// the sendfile-class byte path and ffmpeg both need.</summary>
    public static string? FindLocalFile(this IVaultRegistry vaults, MediaObject media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Replicas
            .Where(r => r.Parts.Count == 1)
            .Select(r => vaults.Find(r.VaultId) is ILocalFileVault local ? local.TryGetPhysicalPath(r.Parts[0].Locator) : null)
            .FirstOrDefault(path => path is not null);
    }
}

internal sealed class VaultRegistry(IEnumerable<IVault> vaults, string defaultVaultId) : IVaultRegistry
{
    private readonly Dictionary<string, IVault> _byId = vaults.ToDictionary(v => v.Id, StringComparer.Ordinal);

    public IVault Default => _byId.TryGetValue(defaultVaultId, out var vault)
        ? vault
        : throw new InvalidOperationException($"The default vault '{defaultVaultId}' is not configured.");

    public IVault? Find(string vaultId) => _byId.GetValueOrDefault(vaultId);
}
