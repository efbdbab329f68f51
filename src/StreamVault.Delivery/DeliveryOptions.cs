using System.ComponentModel.DataAnnotations;

namespace StreamVault.Delivery;

/// <summary>The `StreamVault:Delivery` section: signed links.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "StreamVault:Delivery";

    /// <summary>Secret for signing links. Empty: generated on first run and kept in the catalogue. Set the same value on
    /// every node (or share the database) so a link signed by one node plays on another.</summary>
    public string? LinkSigningSecret { get; set; }

    /// <summary>How long a signed stream or download link stays valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "StreamVault:Delivery:LinkLifetime must be between 1 minute and 7 days, e.g. \"06:00:00\".")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(6);
}
