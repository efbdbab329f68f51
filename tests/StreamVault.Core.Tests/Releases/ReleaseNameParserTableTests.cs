using StreamVault.Core.Releases;

namespace StreamVault.Core.Tests.Releases;

public sealed class ReleaseNameParserTableTests
{
    private static readonly Dictionary<string, ReleaseCase> ByName = ReleaseNameTable.Rows.ToDictionary(row => row.Name);

    // Rows are passed by name (a string serialises) so each one shows up as its own test case.
    public static TheoryData<string> Names => new(ReleaseNameTable.Rows.Select(row => row.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Reads_release_name(string name)
    {
        var expected = ByName[name];

        var observed = expected.Observed(ReleaseNameParser.Parse(name));

        Assert.Equal(expected, observed);
    }

    /// <summary>The table must exercise every value the parser can produce for the fields pages group by: a new
    /// quality bucket or HDR kind without a row here fails, instead of going untested.</summary>
    [Fact]
    public void Table_has_a_row_for_every_quality_bucket_and_hdr_kind_and_both_title_kinds()
    {
        var rows = ReleaseNameTable.Rows;

        var qualitiesWithoutRow = Enum.GetValues<Catalog.QualityBucket>().Where(q => !rows.Any(r => r.Quality == q)).ToList();
        var hdrKindsWithoutRow = new[] { "DV", "HDR10+", "HDR10", "HDR", "HLG" }.Where(h => !rows.Any(r => r.Hdr == h)).ToList();

        Assert.Empty(qualitiesWithoutRow);
        Assert.Empty(hdrKindsWithoutRow);
        Assert.Contains(rows, r => r.Season is not null && r.Episodes is not null);
        Assert.Contains(rows, r => r.Absolute is not null);
        Assert.Contains(rows, r => r.Season is null && r.Absolute is null && r.Year is not null);
    }
}
