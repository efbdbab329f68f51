using System.IO.Compression;
using Microsoft.Extensions.Options;
using StreamVault.Catalog.Leech;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Catalog.Leech;

public sealed class ArchiveExtractorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Zip(CompressionLevel level, params (string Name, byte[] Bytes)[] entries)
    {
        var path = _folder.Combine("in.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(bytes);
            }
        }

        return path;
    }

    private static ArchiveExtractor Extractor(Action<LeechOptions>? configure = null)
    {
        var options = new LeechOptions();
        configure?.Invoke(options);
        return new ArchiveExtractor(Options.Create(options));
    }

    private static byte[] Noise(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task Files_in_folders_are_extracted_under_the_target()
    {
        var zip = Zip(CompressionLevel.NoCompression, ("Show/Show.S01E01.mkv", Noise(5000)), ("Show/Show.S01E01.en.srt", "1\n"u8.ToArray()));

        var files = await Extractor().ExtractAsync(zip, _folder.Combine("out"), CancellationToken.None);

        Assert.Equal([_folder.Combine("out", "Show", "Show.S01E01.mkv"), _folder.Combine("out", "Show", "Show.S01E01.en.srt")], files);
        Assert.Equal(Noise(5000), await File.ReadAllBytesAsync(files[0]));
    }

    [Theory]
    [InlineData("../evil.mkv")]
    [InlineData("ok/../../evil.mkv")]
    [InlineData("/tmp/evil.mkv")]
    [InlineData("..\\evil.mkv")]
    [InlineData("C:/evil.mkv")]
    public async Task An_entry_outside_the_folder_refuses_the_archive(string name)
    {
        var zip = Zip(CompressionLevel.NoCompression, ("fine.mkv", Noise(100)), (name, Noise(100)));

        var refused = await Assert.ThrowsAsync<LeechRefusedException>(() => Extractor().ExtractAsync(zip, _folder.Combine("a", "out"), CancellationToken.None));

        Assert.Contains("zip slip", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.Combine("a", "evil.mkv")));
        Assert.False(File.Exists(_folder.Combine("evil.mkv")));
        Assert.False(File.Exists("/tmp/evil.mkv"));
    }

    [Fact]
    public async Task An_entry_that_compresses_like_a_bomb_is_refused()
    {
        var zip = Zip(CompressionLevel.SmallestSize, ("bomb.mkv", new byte[20 * 1024 * 1024]));

        var refused = await Assert.ThrowsAsync<LeechRefusedException>(() => Extractor().ExtractAsync(zip, _folder.Combine("out"), CancellationToken.None));

        Assert.Contains("zip bomb", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_bytes_than_the_limit_in_all_are_refused()
    {
        var zip = Zip(CompressionLevel.NoCompression, ("a.mkv", Noise(6000)), ("b.mkv", Noise(6000)));

        var refused = await Assert.ThrowsAsync<LeechRefusedException>(() => Extractor(o => o.MaxArchiveBytes = 10_000).ExtractAsync(zip, _folder.Combine("out"), CancellationToken.None));

        Assert.Contains("MaxArchiveBytes", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_entries_are_refused()
    {
        var zip = Zip(CompressionLevel.NoCompression, [.. Enumerable.Range(0, 5).Select(i => ($"f{i}.srt", Noise(10)))]);

        var refused = await Assert.ThrowsAsync<LeechRefusedException>(() => Extractor(o => o.MaxArchiveEntries = 4).ExtractAsync(zip, _folder.Combine("out"), CancellationToken.None));

        Assert.Contains("5 entries", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
