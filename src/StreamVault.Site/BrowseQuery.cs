using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using StreamVault.Core.Catalog;

namespace StreamVault.Site;

/// <summary>Reads and writes /browse query strings. Unknown or malformed values are ignored, never an error.</summary>
public static class BrowseQuery
{
    public static BrowseFilter Parse(string? kind, string? year, string? quality, string? page)
    {
        TitleKind? k = kind?.ToLowerInvariant() switch
        {
            "movie" or "movies" => TitleKind.Movie,
            "series" or "show" or "shows" => TitleKind.Series,
            _ => null,
        };
        int? y = int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedYear) && parsedYear is > 1800 and < 3000 ? parsedYear : null;
        QualityBucket? q = int.TryParse(quality?.TrimEnd('p', 'P'), NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            && Enum.IsDefined((QualityBucket)height) && height > 0 ? (QualityBucket)height
            : string.Equals(quality, "4k", StringComparison.OrdinalIgnoreCase) ? QualityBucket.Uhd2160 : null;
        var p = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedPage) && parsedPage > 0 ? parsedPage : 1;
        return new BrowseFilter(k, y, q, p);
    }

    [SuppressMessage("Design", "CA1055:URI return values should not be strings", Justification = "A site-relative path (/watch/..., /assets/...) written into HTML or JSON as it is, not an absolute address a Uri would model.")]
    public static string Url(BrowseFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = new Dictionary<string, string?>();
        if (filter.Kind is { } kind)
        {
            query["kind"] = kind == TitleKind.Movie ? "movie" : "series";
        }

        if (filter.Year is { } year)
        {
            query["year"] = year.ToString(CultureInfo.InvariantCulture);
        }

        if (filter.Quality is { } quality)
        {
            query["quality"] = ((int)quality).ToString(CultureInfo.InvariantCulture);
        }

        if (filter.Page > 1)
        {
            query["page"] = filter.Page.ToString(CultureInfo.InvariantCulture);
        }

        return QueryHelpers.AddQueryString("/browse", query);
    }
}
