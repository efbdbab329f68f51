using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamVault.Site;

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

    /// <summary>The catalogue's own normaliser, so query words and Title.NormalizedName always fold alike.</summary>
    public static string Fold(string text) => Catalog.Ingest.CatalogWriter.Normalize(text);

    // "Heat 1995", "Heat (1995)" or just "1995".
    [GeneratedRegex(@"(?:^|\s)\(?(?<year>(?:18|19|20)\d{2})\)?$")]
    private static partial Regex TrailingYear();
}
