using System.Diagnostics;
using Microsoft.Extensions.Options;
using StreamVault.Catalog.Leech;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Catalog.Leech;

/// <summary>The extractor's rules on the other two formats a leech accepts: 7z archives made by 7-Zip itself (Debian's
/// 7zip package, solid LZMA2 as it writes by default) and RAR 4 archives written from the format's specification.</summary>
public sealed class RarAndSevenZipTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static ArchiveExtractor Extractor() => new(Options.Create(new LeechOptions()));

    private static byte[] Noise(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Runs Debian's 7-Zip (<c>7zz</c>) in <paramref name="folder"/> and fails the test with its output.</summary>
    internal static void SevenZip(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("7zz") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        // -bso0 -bsp0 keep both streams short, so reading one after the other cannot fill a pipe and stall 7-Zip.
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"7zz {string.Join(' ', arguments)}: {errors}{output}");
    }

    private string SevenZipOf(string name, params (string Path, byte[] Bytes)[] files)
    {
        var source = _folder.Combine("src-" + name);
        foreach (var (path, bytes) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(source, path))!);
            File.WriteAllBytes(Path.Combine(source, path), bytes);
        }

        var archive = _folder.Combine(name);
        SevenZip(source, ["a", "-bso0", "-bsp0", archive, .. files.Select(f => f.Path)]);
        return archive;
    }

    [Fact]
    public async Task A_solid_7z_unpacks_every_file_byte_exact()
    {
        var film = Noise(300_000, 1);
        var archive = SevenZipOf("pack.7z", ("Show/Show.S01E01.mkv", film), ("Show/Show.S01E01.en.srt", "1\n00:00:01,000 --> 00:00:02,000\nhi\n"u8.ToArray()), ("Show/Show.S01E02.mkv", Noise(200_000, 2)));

        Assert.True(ArchiveExtractor.IsArchive(archive));
        var files = await Extractor().ExtractAsync(archive, _folder.Combine("out"), CancellationToken.None);

        Assert.Equal(3, files.Count);
        Assert.Equal(film, await File.ReadAllBytesAsync(_folder.Combine("out", "Show", "Show.S01E01.mkv")));
        Assert.Equal(Noise(200_000, 2), await File.ReadAllBytesAsync(_folder.Combine("out", "Show", "Show.S01E02.mkv")));
    }

    [Fact]
    public async Task A_7z_entry_renamed_out_of_the_folder_refuses_the_archive()
    {
        var archive = SevenZipOf("slip.7z", ("fine.srt", "1\n"u8.ToArray()), ("evil.mkv", Noise(1000, 3)));
        SevenZip(_folder.Path, "rn", "-bso0", archive, "evil.mkv", "../evil.mkv");

        var refused = await Assert.ThrowsAsync<LeechRefusedException>(() => Extractor().ExtractAsync(archive, _folder.Combine("x", "out"), CancellationToken.None));

        Assert.Contains("zip slip", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.Combine("x", "evil.mkv")));
    }

    [Fact]
    public async Task A_7z_that_unpacks_like_a_bomb_is_refused()
    {
        var archive = SevenZipOf("bomb.7z", ("bomb.mkv", new byte[32 * 1024 * 1024]));
        Assert.True(new FileInfo(archive).Length < 100_000);

        var refused = await Assert.ThrowsAsync<LeechRefusedException>(() => Extractor().ExtractAsync(archive, _folder.Combine("out"), CancellationToken.None));

        Assert.Contains("zip bomb", refused.Message, StringComparison.Ordinal);
        Assert.True(!File.Exists(_folder.Combine("out", "bomb.mkv")) || new FileInfo(_folder.Combine("out", "bomb.mkv")).Length < 32 * 1024 * 1024);
    }

    [Fact]
    public async Task A_rar_unpacks_every_file_byte_exact()
    {
        var film = Noise(250_000, 4);
        var archive = _folder.Combine("pack.rar");
        await File.WriteAllBytesAsync(archive, Rar4Archive.Create(("Film.2020/Film.2020.1080p.mkv", film), ("Film.2020/Film.2020.en.srt", "1\n"u8.ToArray())));

        Assert.True(ArchiveExtractor.IsArchive(archive));
        var files = await Extractor().ExtractAsync(archive, _folder.Combine("out"), CancellationToken.None);

        Assert.Equal([_folder.Combine("out", "Film.2020", "Film.2020.1080p.mkv"), _folder.Combine("out", "Film.2020", "Film.2020.en.srt")], files);
        Assert.Equal(film, await File.ReadAllBytesAsync(files[0]));
    }

    [Theory]
    [InlineData("../evil.mkv")]
    [InlineData("..\\evil.mkv")]
    [InlineData("/tmp/evil.mkv")]
    public async Task A_rar_entry_outside_the_folder_refuses_the_archive(string name)
    {
        var archive = _folder.Combine("slip.rar");
        await File.WriteAllBytesAsync(archive, Rar4Archive.Create(("fine.srt", "1\n"u8.ToArray()), (name, Noise(1000, 5))));

        var refused = await Assert.ThrowsAsync<LeechRefusedException>(() => Extractor().ExtractAsync(archive, _folder.Combine("x", "out"), CancellationToken.None));

        Assert.Contains("zip slip", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.Combine("x", "evil.mkv")));
        Assert.False(File.Exists("/tmp/evil.mkv"));
    }

    [Fact]
    public async Task A_rar_header_claiming_a_bomb_is_refused_before_a_byte_is_written()
    {
        var archive = _folder.Combine("bomb.rar");
        await File.WriteAllBytesAsync(archive, Rar4Archive.Create([("bomb.mkv", Noise(10_000, 6), 2_000_000_000L)]));

        var refused = await Assert.ThrowsAsync<LeechRefusedException>(() => Extractor().ExtractAsync(archive, _folder.Combine("out"), CancellationToken.None));

        Assert.Contains("zip bomb", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.Combine("out", "bomb.mkv")));
    }

    public void Dispose() => _folder.Dispose();
}
