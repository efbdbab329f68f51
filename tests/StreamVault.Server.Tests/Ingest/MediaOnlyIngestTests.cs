using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Catalog.Ingest;
using StreamVault.Data;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Ingest;

/// <summary>Ingest takes media only: files that are not, special files and link loops are refused or skipped, with a reason.</summary>
public sealed class MediaOnlyIngestTests
{
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    internal static string DemoFilm => Path.Combine(AppContext.BaseDirectory, "Demo", "media", "Signal.Garden.S01E01.480p.WEB-DL.VP9.Opus-STREAMVAULT.webm");

    public static TheoryData<string, bool> NotMedia => new()
    {
        { "empty", true },
        { "text", true },
        { "random", true },
        { "explicit-txt", true },
        { "empty", false },
        { "text", false },
        { "random", false },
        { "explicit-txt", false },
    };

    [Theory]
    [MemberData(nameof(NotMedia))]
    public async Task A_file_that_is_not_media_is_refused_with_a_reason_and_adds_no_title(string kind, bool withFfprobe)
    {
        await using var app = await TestApp.StartAsync(s => WithoutFfprobe(s, !withFfprobe));
        var file = WriteNotMedia(app.Folder, kind);

        var result = await IngestAsync(app, file);

        Assert.NotEqual(IngestOutcome.Added, result.Outcome);
        Assert.NotEqual(IngestOutcome.AlreadyPresent, result.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.Equal(0, await CountTitlesAsync(app));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_real_media_file_still_ingests(bool withFfprobe)
    {
        await using var app = await TestApp.StartAsync(s => WithoutFfprobe(s, !withFfprobe));

        var result = await IngestAsync(app, DemoFilm);

        Assert.True(result.Outcome == IngestOutcome.Added, result.Message);
        Assert.Equal(1, await CountTitlesAsync(app));
    }

    [Fact]
    public async Task The_command_line_names_the_reason_for_each_refused_file()
    {
        using var folder = new TempFolder();
        var text = WriteNotMedia(folder, "explicit-txt");
        var random = WriteNotMedia(folder, "random");

        var result = await CliProcess.RunAsync(folder.Combine("data"), "ingest", text, random, DemoFilm);

        Assert.Contains("1 added", result.Output, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(text), result.Output, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(random), result.Output, StringComparison.Ordinal);
        Assert.Contains("no video or audio", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 titles", (await CliProcess.RunAsync(folder.Combine("data"), "titles")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifo_in_a_folder_or_named_is_skipped_with_a_message_and_does_not_hang()
    {
        await using var app = await TestApp.StartAsync();
        var folder = app.Folder.Combine("in");
        Directory.CreateDirectory(folder);
        File.Copy(DemoFilm, Path.Combine(folder, Path.GetFileName(DemoFilm)));
        var fifo = Path.Combine(folder, "Pipe.Film.2020.mkv");
        await MakeFifoAsync(fifo);
        using var timeout = new CancellationTokenSource(HangLimit);

        var fromFolder = await IngestAllAsync(app, [folder], timeout.Token);
        var named = await IngestAllAsync(app, [fifo], timeout.Token);

        Assert.Contains(fromFolder, r => r.Outcome == IngestOutcome.Added);
        Assert.Contains(fromFolder.Concat(named), r => r.Path == fifo && r.Outcome != IngestOutcome.Added && r.Message is not null);
        var namedResult = Assert.Single(named);
        Assert.Contains("not a regular file", namedResult.Message, StringComparison.Ordinal);
        Assert.Equal(1, await CountTitlesAsync(app));
    }

    [Fact]
    public async Task A_symlink_loop_in_a_folder_is_not_followed_forever()
    {
        using var folder = new TempFolder();
        var root = folder.Combine("library");
        Directory.CreateDirectory(Path.Combine(root, "show"));
        File.Copy(DemoFilm, Path.Combine(root, "show", Path.GetFileName(DemoFilm)));
        Directory.CreateSymbolicLink(Path.Combine(root, "show", "loop"), "..");
        using var timeout = new CancellationTokenSource(HangLimit);

        var files = await Task.Run(() => IngestService.ExpandPaths([root]), timeout.Token).WaitAsync(timeout.Token);

        Assert.Single(files);
    }

    [Theory]
    [InlineData("1A45DFA3A3428682", "Matroska/WebM")]
    [InlineData("0000002066747970", "MP4/MOV")]
    [InlineData("52494646000000004156492000", "AVI")]
    [InlineData("000001BA44000400", "MPEG-PS")]
    [InlineData("464C560105000000", "FLV")]
    [InlineData("3026B2758E66CF11A6D900AA0062CE6C00", "ASF/WMV")]
    public void Container_signatures_are_recognised(string head, string container)
    {
        Assert.Equal(container, MediaSignature.Recognize(Convert.FromHexString(head)));
    }

    [Fact]
    public void Transport_streams_are_recognised_by_their_sync_bytes_and_random_bytes_are_not()
    {
        var ts = new byte[188 * 5];
        var m2ts = new byte[192 * 5];
        for (var i = 0; i < 5; i++)
        {
            ts[i * 188] = 0x47;
            m2ts[(i * 192) + 4] = 0x47;
        }

        var random = new byte[MediaSignature.HeadLength];
        new Random(77).NextBytes(random);

        Assert.Equal("MPEG-TS", MediaSignature.Recognize(ts));
        Assert.Equal("MPEG-TS", MediaSignature.Recognize(m2ts));
        Assert.Null(MediaSignature.Recognize(random));
        Assert.Null(MediaSignature.Recognize("remember the milk"u8));
        Assert.Null(MediaSignature.Recognize([]));
        Assert.Equal("Matroska/WebM", MediaSignature.Recognize(File.ReadAllBytes(DemoFilm).AsSpan(0, MediaSignature.HeadLength)));
    }

    internal static void WithoutFfprobe(Dictionary<string, string?> settings, bool without)
    {
        if (without)
        {
            settings["StreamVault:Catalog:FfprobePath"] = "none";
        }
    }

    internal static string WriteNotMedia(TempFolder folder, string kind)
    {
        Directory.CreateDirectory(folder.Combine("junk"));
        switch (kind)
        {
            case "empty":
                var empty = folder.Combine("junk", "Empty.Film.2020.mkv");
                File.WriteAllBytes(empty, []);
                return empty;
            case "text":
                var text = folder.Combine("junk", "Text.Film.2020.mkv");
                File.WriteAllText(text, string.Concat(Enumerable.Repeat("This is a shopping list, not a film.\n", 2000)));
                return text;
            case "random":
                return folder.WriteJunkFile("junk/Random.Film.2020.mkv", 300_000, seed: 77);
            default:
                var notes = folder.Combine("junk", "notes.txt");
                File.WriteAllText(notes, "remember the milk\n");
                return notes;
        }
    }

    private static async Task<IngestFileResult> IngestAsync(TestApp app, string file)
    {
        using var timeout = new CancellationTokenSource(HangLimit);
        return Assert.Single(await IngestAllAsync(app, [file], timeout.Token));
    }

    private static async Task<List<IngestFileResult>> IngestAllAsync(TestApp app, string[] paths, CancellationToken cancellationToken)
    {
        var results = new List<IngestFileResult>();
        foreach (var file in IngestService.ExpandPaths(paths))
        {
            await using var scope = app.Services.CreateAsyncScope();
            var ingest = scope.ServiceProvider.GetRequiredService<IngestService>();
            // A blocking open of a FIFO would not see the token; running it aside lets the timeout fail the test.
            results.Add(await Task.Run(() => ingest.IngestFileAsync(file, null, cancellationToken), cancellationToken).WaitAsync(cancellationToken));
        }

        return results;
    }

    private static async Task<int> CountTitlesAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Titles.CountAsync();
    }

    private static async Task MakeFifoAsync(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        await mkfifo.WaitForExitAsync();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
