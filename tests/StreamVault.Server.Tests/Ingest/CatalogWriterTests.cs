using StreamVault.Catalog.Ingest;

namespace StreamVault.Server.Tests.Ingest;

public sealed class CatalogWriterTests
{
    [Theory]
    [InlineData("Amélie", "amelie")]
    [InlineData("Pokémon: The Movie", "pokemon the movie")]
    [InlineData("  Spider-Man:  No Way Home ", "spider man no way home")]
    [InlineData("鬼滅の刃", "鬼滅の刃")]
    public void Names_fold_case_accents_and_punctuation(string name, string expected) =>
        Assert.Equal(expected, CatalogWriter.Normalize(name));

    [Theory]
    [InlineData("Amélie", 2001, "amelie-2001")]
    [InlineData("<script>alert(1)</script>", null, "script-alert-1-script")]
    [InlineData("鬼滅の刃", null, "title")]
    public void Slugs_are_ascii(string name, int? year, string expected) =>
        Assert.Equal(expected, CatalogWriter.Slugify(name, year));
}
