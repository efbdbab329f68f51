using System.Text;
using StreamVault.Core.Subtitles;

namespace StreamVault.Core.Tests.Subtitles;

public class SubtitleTextDecoderTests
{
    private const string Sample = "1\n00:00:01,000 --> 00:00:02,000\nCafé déjà vu – «ok»\n";

    public static TheoryData<string, byte[]> Encoded()
    {
        var data = new TheoryData<string, byte[]>
        {
            { "utf8-bom", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Sample)] },
            { "utf8", Encoding.UTF8.GetBytes(Sample) },
            { "utf16le-bom", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Sample)] },
            { "utf16be-bom", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Sample)] },
            { "utf16le-nobom", Encoding.Unicode.GetBytes(Sample) },
            { "windows-1252", SubtitleTextDecoder.Windows1252.GetBytes(Sample) },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Encoded))]
    public void Every_common_encoding_decodes_to_the_same_text(string name, byte[] bytes)
    {
        Assert.True(SubtitleTextDecoder.Decode(bytes) == Sample, name);
    }

    [Fact]
    public void Windows_1252_specific_characters_decode()
    {
        // 0x80 is the euro sign and 0x93/0x94 curly quotes in 1252; none of them is valid UTF-8 on its own.
        Assert.Equal("€ “q”", SubtitleTextDecoder.Decode([0x80, 0x20, 0x93, 0x71, 0x94], out var encoding));
        Assert.Equal(1252, encoding.CodePage);
    }

    [Fact]
    public void Converting_a_1252_srt_gives_utf8_text()
    {
        var vtt = SubtitleConverter.ToWebVtt(SubtitleTextDecoder.Windows1252.GetBytes(Sample), SubtitleFormat.Srt);
        Assert.Contains("Café déjà vu – «ok»", vtt, StringComparison.Ordinal);
    }
}
