using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace StreamVault.Site;

/// <summary>The `StreamVault:Site` section: what the public pages say about the operator.</summary>
public sealed class SiteOptions
{
    public const string Section = "StreamVault:Site";

    /// <summary>The operator's e-mail address for copyright (DMCA) and abuse notices, shown on the contact page; none by
    /// default (the page then points to the Report link alone).</summary>
    public string? Contact { get; set; }
}

internal sealed class SiteOptionsValidation : IValidateOptions<SiteOptions>
{
    private const int MaxContactLength = 254;

    public ValidateOptionsResult Validate(string? name, SiteOptions options) =>
        string.IsNullOrEmpty(options.Contact) || IsPlainAddress(options.Contact)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{SiteOptions.Section}:Contact must be one e-mail address such as \"abuse@example.com\" (no name, no spaces), or be left out.");

    /// <summary>One bare address: a display name, a list or stray characters would be written into the page's mailto link.</summary>
    private static bool IsPlainAddress(string contact) =>
        contact.Length <= MaxContactLength
        && !contact.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or ',' or ';')
        && MailAddress.TryCreate(contact, out var address)
        && address.Address == contact
        && address.Host.Contains('.', StringComparison.Ordinal);
}
