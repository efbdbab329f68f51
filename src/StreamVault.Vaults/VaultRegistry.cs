namespace StreamVault.Vaults;

/// <summary>Finds a vault by the id stored in a replica row.</summary>
public interface IVaultRegistry
{
    IVault Default { get; }

    IVault? Find(string vaultId);
}

internal sealed class VaultRegistry(IEnumerable<IVault> vaults, string defaultVaultId) : IVaultRegistry
{
    private readonly Dictionary<string, IVault> _byId = vaults.ToDictionary(v => v.Id, StringComparer.Ordinal);

    public IVault Default => _byId.TryGetValue(defaultVaultId, out var vault)
        ? vault
        : throw new InvalidOperationException($"The default vault '{defaultVaultId}' is not configured.");

    public IVault? Find(string vaultId) => _byId.GetValueOrDefault(vaultId);
}
