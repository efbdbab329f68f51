using System.Net;
using Microsoft.Extensions.Options;

namespace StreamVault.Catalog.Leech;

/// <summary>The `StreamVault:Leech` section: downloads of media by URL into the vault.</summary>
public sealed class LeechOptions
{
    public const string Section = "StreamVault:Leech";

    /// <summary>Largest download accepted (bytes); a larger Content-Length is refused before a byte is read.</summary>
    public long MaxBytes { get; set; } = 50L << 30;

    /// <summary>Redirects followed (each hop's address is checked again).</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Connections tried for one download; each retry resumes with a Range request where the last one ended.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Networks (CIDR, e.g. 10.1.2.0/24 or 127.0.0.1/32) opened despite the address checks: a NAS on the LAN.</summary>
    public IList<string> AllowedNetworks { get; } = [];

    /// <summary>Host names opened despite the address checks (exact names, case-insensitive).</summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>Most entries an archive may hold.</summary>
    public int MaxArchiveEntries { get; set; } = 10_000;

    /// <summary>Most bytes an archive may unpack to, counted as they are written (declared sizes can lie).</summary>
    public long MaxArchiveBytes { get; set; } = 100L << 30;

    /// <summary>Highest ratio of an entry's unpacked to packed size: video hardly compresses, a bomb does.</summary>
    public double MaxCompressionRatio { get; set; } = 100;

    internal IReadOnlyList<IPNetwork> ParsedNetworks() => [.. AllowedNetworks.Select(n => IPNetwork.Parse(n.Trim()))];
}

internal sealed class LeechOptionsValidation : IValidateOptions<LeechOptions>
{
    public ValidateOptionsResult Validate(string? name, LeechOptions options)
    {
        var errors = new List<string>();
        if (options.MaxBytes < 1)
        {
            errors.Add($"{LeechOptions.Section}:MaxBytes must be a positive number of bytes.");
        }

        if (options.MaxRedirects is < 0 or > 20)
        {
            errors.Add($"{LeechOptions.Section}:MaxRedirects must be 0 to 20.");
        }

        if (options.MaxAttempts is < 1 or > 100)
        {
            errors.Add($"{LeechOptions.Section}:MaxAttempts must be 1 to 100.");
        }

        if (options.MaxArchiveEntries < 1 || options.MaxArchiveBytes < 1 || options.MaxCompressionRatio < 1)
        {
            errors.Add($"{LeechOptions.Section}:MaxArchiveEntries, MaxArchiveBytes and MaxCompressionRatio must be at least 1.");
        }

        foreach (var network in options.AllowedNetworks)
        {
            if (!IPNetwork.TryParse(network.Trim(), out _))
            {
                errors.Add($"{LeechOptions.Section}:AllowedNetworks: '{network}' is not a CIDR network such as 192.168.1.0/24.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
