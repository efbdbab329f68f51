using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace StreamVault.Server.Site;

/// <summary>Turns what a visitor typed into words comparable with Title.NormalizedName, and an optional year.</summary>
public static partial class SearchText
{
    public const int MaxQueryLength = 200;

    public static (IReadOnlyList<string> Words, int? Year) Parse(string? query)
    {
        var text = (query ?? string.Empty).Trim();
        if (text.Length > MaxQueryLength)
        {
            text = text[..MaxQueryLength];
        }

        int? year = null;
        var match = TrailingYear().Match(text);
        if (match.Success)
        {
            year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
            text = text[..match.Index];
        }

        var words = Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (words.Take(8).ToArray(), year);
    }

    /// <summary>Lower-case, accents removed, punctuation turned into spaces.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var output = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            output.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        return output.ToString().Normalize(NormalizationForm.FormC);
    }

    // "Heat 1995", "Heat (1995)" or just "1995".
    [GeneratedRegex(@"(?:^|\s)\(?(?<year>(?:18|19|20)\d{2})\)?$")]
    private static partial Regex TrailingYear();
}
