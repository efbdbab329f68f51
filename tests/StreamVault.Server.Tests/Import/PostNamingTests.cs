using StreamVault.Catalog.Import;
using StreamVault.Core.Catalog;

namespace StreamVault.Server.Tests.Import;

public sealed class PostNamingTests
{
    [Theory]
    [InlineData("Film.2020.1080p.mkv.001", "Film.2020.1080p.mkv", 1)]
    [InlineData("Film.2020.1080p.mkv.012", "Film.2020.1080p.mkv", 12)]
    [InlineData("Film.2020.1080p.part1.mkv", "Film.2020.1080p.mkv", 1)]
    [InlineData("Film 2020 Part 02.mp4", "Film 2020.mp4", 2)]
    [InlineData("Film.2020.mkv.part3", "Film.2020.mkv", 3)]
    public void Split_upload_names_give_the_whole_name_and_the_part(string name, string whole, int number) =>
        Assert.Equal(new SplitUploadName(whole, number), SplitUploadName.Parse(name));

    [Theory]
    [InlineData("Film.2020.1080p.mkv")]
    [InlineData("Show.S01E001.mkv")]
    [InlineData("Film.2020.mkv.000")]
    [InlineData(null)]
    public void Other_names_are_not_parts(string? name) => Assert.Null(SplitUploadName.Parse(name));

    [Fact]
    public void A_generic_file_name_yields_to_the_caption()
    {
        var (name, release) = ChannelPostCatalogue.ChooseName("video.mp4", "Ocean.Drift.2019.1080p.BluRay\nmore text", "video/mp4");
        Assert.Equal("Ocean.Drift.2019.1080p.BluRay.mp4", name);
        Assert.Equal("Ocean Drift", release.Title);
        Assert.Equal(QualityBucket.FullHd1080, release.Quality);
    }

    [Fact]
    public void A_release_file_name_wins_over_a_chatty_caption()
    {
        var (name, release) = ChannelPostCatalogue.ChooseName("Night.Watch.S02E03.720p.WEB.mkv", "New episode!", null);
        Assert.Equal("Night.Watch.S02E03.720p.WEB.mkv", name);
        Assert.Equal(2, release.Season);
    }

    [Fact]
    public void A_post_without_a_file_name_is_named_from_its_caption_and_mime_type()
    {
        var (name, _) = ChannelPostCatalogue.ChooseName(null, "Some/Film\u0007 2001", "video/webm");
        Assert.Equal("SomeFilm 2001.webm", name); // no path separators or controls from a caption
    }
}
