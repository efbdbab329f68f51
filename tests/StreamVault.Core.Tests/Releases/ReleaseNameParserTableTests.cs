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

    [Fact]
    public void Table_has_at_least_150_distinct_names()
    {
        Assert.True(ReleaseNameTable.Rows.Count >= 150, $"only {ReleaseNameTable.Rows.Count} rows");
        Assert.Equal(ReleaseNameTable.Rows.Count, ByName.Count);
    }
}
