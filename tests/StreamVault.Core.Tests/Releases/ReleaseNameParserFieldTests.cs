using StreamVault.Core.Catalog;
using StreamVault.Core.Releases;

namespace StreamVault.Core.Tests.Releases;

/// <summary>Fields the table does not check on every row.</summary>
public sealed class ReleaseNameParserFieldTests
{
    [Fact]
    public void Lists_every_hdr_format_and_reports_the_most_capable()
    {
        var info = ReleaseNameParser.Parse("Movie.2021.2160p.WEB-DL.HDR10.DV.DDP5.1.H.265-GRP.mkv");

        Assert.Equal("DV", info.Hdr);
        Assert.Equal(["HDR10", "DV"], info.HdrFormats);
    }

    [Fact]
    public void Ddpa_means_dolby_digital_plus_with_atmos()
    {
        var info = ReleaseNameParser.Parse("Movie.2021.1080p.WEB-DL.DDPA5.1.H.264-GRP");

        Assert.Equal("DDP", info.AudioCodec);
        Assert.Equal("5.1", info.AudioChannels);
        Assert.True(info.Atmos);
    }

    [Theory]
    [InlineData("Movie.2019.1080p.BluRay.AC3.6CH.x264-GRP", "5.1")]
    [InlineData("Movie.2019.720p.WEB.AAC.2CH.x264-GRP", "2.0")]
    [InlineData("Movie.2019.1080p.BluRay.TrueHD.8CH.x264-GRP", "7.1")]
    public void Reads_channel_counts_written_as_ch(string name, string channels)
    {
        Assert.Equal(channels, ReleaseNameParser.Parse(name).AudioChannels);
    }

    [Theory]
    [InlineData("Show.S01E01.mkv", true)]
    [InlineData("Show.S02.1080p.mkv", true)]
    [InlineData("[SubsPlease] Show - 05 (1080p).mkv", true)]
    [InlineData("Movie.2019.1080p.mkv", false)]
    public void Marks_episodes(string name, bool isEpisode)
    {
        Assert.Equal(isEpisode, ReleaseNameParser.Parse(name).IsEpisode);
    }

    [Fact]
    public void Tags_inside_the_title_are_not_read_as_facts()
    {
        var info = ReleaseNameParser.Parse("Charlotte's.Web.2006.mkv");

        Assert.Equal("Charlotte's Web", info.Title);
        Assert.Null(info.Source);
        Assert.Equal(QualityBucket.Other, info.Quality);
    }

    [Fact]
    public void Keeps_the_year_of_a_title_that_is_a_year_when_no_release_year_follows()
    {
        var info = ReleaseNameParser.Parse("1917.1080p.BluRay.x264-GRP.mkv");

        Assert.Equal("1917", info.Title);
        Assert.Null(info.Year);
    }
}
