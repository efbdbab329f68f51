using System.Text.RegularExpressions;

namespace StreamVault.Vaults;

/// <summary>The one rule for keys every vault accepts (public, so a vault outside this assembly applies the same rule):
/// they become file names and captions, so nothing else gets in.</summary>
public static partial class VaultKeys
{
    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="key"/> is 1-128 of [A-Za-z0-9_-].</summary>
    public static void EnsureValid(string key)
    {
        if (!SafeKey().IsMatch(key))
        {
            throw new ArgumentException("A vault key is 1-128 letters, digits, '-' or '_'.", nameof(key));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex SafeKey();
}
