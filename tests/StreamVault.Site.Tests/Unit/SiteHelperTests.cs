using StreamVault.Core.Catalog;
using StreamVault.Platform;

namespace StreamVault.Site.Tests.Unit;

public class SiteHelperTests
{
    [Theory]
    [InlineData("Heat 1995", "heat", 1995)]
    [InlineData("Heat (1995)", "heat", 1995)]
    [InlineData("1917", "", 1917)]
    [InlineData("Blade Runner 2049", "blade runner", 2049)]
    [InlineData("Spider-Man: No Way Home", "spider man no way home", null)]
    [InlineData("", "", null)]
    public void Search_text_is_folded_and_a_trailing_year_split_off(string query, string words, int? year)
    {
        var parsed = SearchText.Parse(query);
        Assert.Equal(words, string.Join(' ', parsed.Words));
        Assert.Equal(year, parsed.Year);
    }

    [Theory]
    [InlineData("Amélie")]
    [InlineData("L'Été  Indien!")]
    [InlineData("Spider-Man: No Way Home")]
    public void Search_words_fold_exactly_like_the_catalogue(string name) =>
        Assert.Equal(StreamVault.Catalog.Ingest.CatalogWriter.Normalize(name), string.Join(' ', SearchText.Parse(name).Words));

    [Theory]
    [InlineData("movie", "2001", "1080", "2", TitleKind.Movie, 2001, QualityBucket.FullHd1080, 2)]
    [InlineData("series", null, "4k", null, TitleKind.Series, null, QualityBucket.Uhd2160, 1)]
    [InlineData("<x>", "abc", "9999", "-1", null, null, null, 1)]
    [InlineData(null, "12", "720p", "0", null, null, QualityBucket.Hd720, 1)]
    public void Browse_query_strings_parse_leniently(string? kind, string? year, string? quality, string? page, TitleKind? k, int? y, QualityBucket? q, int p) =>
        Assert.Equal(new BrowseFilter(k, y, q, p), BrowseQuery.Parse(kind, year, quality, page));

    [Fact]
    public void Browse_urls_round_trip() =>
        Assert.Equal("/browse?kind=series&year=2020&quality=2160&page=3", BrowseQuery.Url(new BrowseFilter(TitleKind.Series, 2020, QualityBucket.Uhd2160, 3)));

    [Theory]
    [InlineData("Aurora Drift", "AD")]
    [InlineData("heat", "H")]
    [InlineData("<script>alert(1)</script>", "S")]
    [InlineData("  ", "?")]
    [InlineData("2001: A Space Odyssey", "2A")]
    public void Poster_initials(string name, string initials) => Assert.Equal(initials, PosterSvg.Initials(name));

    [Fact]
    public void Poster_svg_escapes_the_name_and_is_stable_per_id()
    {
        var svg = PosterSvg.Render("abc", "<b>&\"x\"</b>", 2020);
        Assert.DoesNotContain("<b>", svg, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;", svg, StringComparison.Ordinal);
        Assert.Equal(svg, PosterSvg.Render("abc", "<b>&\"x\"</b>", 2020));
        Assert.NotEqual(svg, PosterSvg.Render("abd", "<b>&\"x\"</b>", 2020));
    }

    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(1_610_612_736L, "1.5 GiB")]
    public void Sizes_are_binary_with_one_decimal(long bytes, string text) => Assert.Equal(text, ByteSizeText.Format(bytes));

    [Theory]
    [InlineData("en", false, false, "English")]
    [InlineData("pt-BR", true, false, "Português (Brasil) (forced)")]
    [InlineData("fr-CA", false, true, "Français (fr-CA) (SDH)")]
    [InlineData("tlh", false, false, "tlh")]
    public void Subtitle_labels(string tag, bool forced, bool sdh, string label) => Assert.Equal(label, LanguageNames.Label(tag, forced, sdh));
}
