using StreamVault.Core.Subtitles;

namespace StreamVault.Core.Tests.Subtitles;

public class SidecarSubtitleNameTests
{
    [Theory]
    [InlineData("Name.mkv", "Name.en.srt", "en", false, false, SubtitleFormat.Srt)]
    [InlineData("Name.mkv", "Name.pt-BR.forced.srt", "pt-BR", true, false, SubtitleFormat.Srt)]
    [InlineData("Name.mkv", "Name.eng.sdh.ass", "en", false, true, SubtitleFormat.Ass)]
    [InlineData("Name.mkv", "Name.srt", "und", false, false, SubtitleFormat.Srt)]
    [InlineData("Name.mp4", "name.FR.vtt", "fr", false, false, SubtitleFormat.WebVtt)]
    [InlineData("Name.mkv", "Name.forced.es-419.ssa", "es-419", true, false, SubtitleFormat.Ass)]
    [InlineData("Name.mkv", "Name.zh-hans.hi.srt", "zh-Hans", false, true, SubtitleFormat.Srt)]
    [InlineData("Name.mkv", "Name.English.cc.srt", "en", false, true, SubtitleFormat.Srt)]
    [InlineData("The.Movie.2020.1080p.mkv", "The.Movie.2020.1080p.ger.srt", "de", false, false, SubtitleFormat.Srt)]
    [InlineData("/media/in/Name.mkv", "/media/in/Name.kor.srt", "ko", false, false, SubtitleFormat.Srt)]
    [InlineData("Name.mkv", "Name.tgl.srt", "tgl", false, false, SubtitleFormat.Srt)]
    [InlineData("Name.mkv", "Name.1.srt", "und", false, false, SubtitleFormat.Srt)]
    public void Sidecar_names_are_parsed(string media, string subtitle, string language, bool forced, bool hi, SubtitleFormat format)
    {
        Assert.True(SidecarSubtitleName.TryParse(media, subtitle, out var parsed));
        Assert.Equal(language, parsed.Language);
        Assert.Equal(forced, parsed.Forced);
        Assert.Equal(hi, parsed.HearingImpaired);
        Assert.Equal(format, parsed.Format);
    }

    [Theory]
    [InlineData("Name.mkv", "Other.en.srt")]
    [InlineData("Name.mkv", "Name2.en.srt")]
    [InlineData("Name.mkv", "Name.en.txt")]
    [InlineData("Name.mkv", "Name.en.sub")]
    [InlineData("", "Name.en.srt")]
    public void Unrelated_or_unsupported_files_are_not_sidecars(string media, string subtitle) =>
        Assert.False(SidecarSubtitleName.TryParse(media, subtitle, out _));
}
