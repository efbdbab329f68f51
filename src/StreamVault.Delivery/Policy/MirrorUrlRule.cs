using System.Diagnostics.CodeAnalysis;

namespace StreamVault.Delivery.Policy;

/// <summary>A mirror link is put in front of visitors, so only a plain web address is accepted.</summary>
public static class MirrorUrlRule
{
    public const int MaxLength = 2000;

    /// <summary>The problem with <paramref name="url"/>, or null when it is acceptable.</summary>
    [SuppressMessage("Design", "CA1054:URI-like parameters should not be strings", Justification = "Validating the text as typed is this method's job: it parses the string and names what is wrong with it.")]
    public static string? Problem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "The mirror URL is empty.";
        }

        if (url.Length > MaxLength)
        {
            return $"The mirror URL is longer than {MaxLength} characters.";
        }

        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return "The mirror URL contains spaces or control characters.";
        }

        // Only absolute http(s) addresses: this rules out javascript:, data:, file: and relative paths in one rule.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
        {
            return "The mirror URL must be an absolute http:// or https:// address.";
        }

        return uri.UserInfo.Length > 0 ? "The mirror URL must not contain a user name or password." : null;
    }
}
