using Microsoft.Extensions.DependencyInjection;
using StreamVault.Artwork;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Artwork;

/// <summary>Real ffmpeg (Debian's, installed by scripts/test.sh) on the demo films.</summary>
public sealed class ArtworkExtractorTests
{
    private static string DemoFilm => Path.Combine(AppContext.BaseDirectory, "Demo", "media", "Aurora.Drift.2025.720p.WEB-DL.VP9.Opus-STREAMVAULT.webm");

    [Fact]
    public async Task Draws_a_poster_frame_of_the_expected_width()
    {
        await using var app = await TestApp.StartAsync();
        var extractor = app.Services.GetRequiredService<ArtworkExtractor>();
        var store = app.Services.GetRequiredService<ArtworkStore>();

        Assert.True(await extractor.ExtractPosterAsync(DemoFilm, "posterid", 12.008, CancellationToken.None));

        var (width, height) = ArtworkFiles.JpegSize(await File.ReadAllBytesAsync(store.PathOf("posterid", ArtworkKind.Poster)));
        Assert.Equal(ArtworkExtractor.PosterWidth, width);
        Assert.Equal(270, height); // 1280x720 scaled to 480 wide keeps 16:9
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(store.PathOf("posterid", ArtworkKind.Poster))!, "*.tmp"));
    }

    [Fact]
    public async Task Thumbnail_cues_cover_the_duration_and_point_inside_the_sprite()
    {
        await using var app = await TestApp.StartAsync();
        var extractor = app.Services.GetRequiredService<ArtworkExtractor>();
        var store = app.Services.GetRequiredService<ArtworkStore>();
        const double duration = 12.008;

        Assert.True(await extractor.ExtractThumbnailsAsync(DemoFilm, "thumbsid", duration, CancellationToken.None));

        var (spriteWidth, spriteHeight) = ArtworkFiles.JpegSize(await File.ReadAllBytesAsync(store.PathOf("thumbsid", ArtworkKind.ThumbnailSprite)));
        var cues = ArtworkFiles.ParseVtt(await File.ReadAllTextAsync(store.PathOf("thumbsid", ArtworkKind.ThumbnailIndex)));
        Assert.Equal(13, cues.Count); // one a second over 12.008 s
        Assert.Equal(TimeSpan.Zero, cues[0].Start);
        Assert.Equal(TimeSpan.FromMilliseconds(12_008), cues[^1].End);
        for (var i = 1; i < cues.Count; i++)
        {
            Assert.Equal(cues[i - 1].End, cues[i].Start);
        }

        foreach (var cue in cues)
        {
            Assert.Equal("thumbs.jpg", cue.Url); // relative to the index, as WebVTT thumbnail tracks resolve it
            Assert.True(cue.X >= 0 && cue.Y >= 0 && cue.X + cue.W <= spriteWidth && cue.Y + cue.H <= spriteHeight, $"{cue} outside {spriteWidth}x{spriteHeight}");
        }
    }

    [Theory]
    [InlineData(12.0, 1, 12)]
    [InlineData(100.0, 1, 100)]
    [InlineData(7_200.0, 72, 100)]
    [InlineData(0.4, 1, 1)]
    public void A_long_film_gets_a_wider_interval_not_more_tiles(double duration, int interval, int count)
    {
        var sheet = ThumbnailSheet.For(duration);
        Assert.Equal(interval, sheet.IntervalSeconds);
        Assert.Equal(count, sheet.Count);
        Assert.True(sheet.Count <= ThumbnailSheet.MaxTiles);
        Assert.True(sheet.Columns * sheet.Rows >= sheet.Count);
    }

    [Fact]
    public async Task A_file_ffmpeg_cannot_read_is_false_not_an_exception()
    {
        await using var app = await TestApp.StartAsync();
        var junk = app.Folder.WriteJunkFile("junk.webm", 10_000);
        var extractor = app.Services.GetRequiredService<ArtworkExtractor>();

        Assert.False(await extractor.ExtractPosterAsync(junk, "junkid", null, CancellationToken.None));
        Assert.False(app.Services.GetRequiredService<ArtworkStore>().Has("junkid", ArtworkKind.Poster));
    }
}
