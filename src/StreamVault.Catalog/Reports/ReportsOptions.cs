using Microsoft.Extensions.Options;

namespace StreamVault.Catalog.Reports;

/// <summary>The `StreamVault:Reports` section: how often one requester may report.</summary>
public sealed class ReportsOptions
{
    public const string Section = "StreamVault:Reports";

    /// <summary>Reports one requester (one keyed address) may file per rolling hour.</summary>
    public int MaxPerHour { get; set; } = 5;
}

internal sealed class ReportsOptionsValidation : IValidateOptions<ReportsOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportsOptions options) => options.MaxPerHour is >= 1 and <= 10_000
        ? ValidateOptionsResult.Success
        : ValidateOptionsResult.Fail($"{ReportsOptions.Section}:MaxPerHour must be between 1 and 10000.");
}
