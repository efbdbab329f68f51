using System.Diagnostics;
using System.Text;
using StreamVault.Core.Releases;

namespace StreamVault.Core.Tests.Releases;

public sealed class ReleaseNameParserRobustnessTests
{
    // Separators, brackets, tag fragments and non-ASCII (including a lone surrogate and Arabic-Indic digits)
    // are over-represented so the random names hit the tricky paths, not just plain words.
    private const string Alphabet = "abcSEx0123456789.-_ []()【】{}+~'!,;:/\\\t\nÄé鬼\uD800٣";

    private static readonly string[] Fragments =
    [
        "S01E01", "E02", "-E03", "-03", "1x05", "Season", "2", "Episode", "3", "1080p", "2160p", "4K", "WEB-DL", "DDP5.1",
        "H.265", "x264", "-FLUX", "[SubsPlease]", "[ABCD1234]", " - 12", "(1999)", "2019", "REPACK", "FRENCH", "www.site.org - ",
        "DTS-HD.MA.7.1", "Atmos", "HDR10+", "DV", ".mkv", "Amélie", "鬼滅の刃", "v2", "~", "S02", "DD+", "1920x1080", "Web",
    ];

    [Fact]
    public void Random_names_never_throw_and_always_have_a_title()
    {
        var random = new Random(20261125);
        for (var i = 0; i < 20_000; i++)
        {
            var name = i % 2 == 0 ? RandomChars(random, random.Next(0, 80)) : RandomFragments(random, random.Next(0, 12));

            var info = ReleaseNameParser.Parse(name);

            Assert.False(string.IsNullOrWhiteSpace(info.Title), $"empty title for \"{name}\"");
            Assert.Equal(info.Title.Trim(), info.Title);
        }
    }

    [Fact]
    public void Null_is_read_as_untitled()
    {
        Assert.Equal("Untitled", ReleaseNameParser.Parse(null!).Title);
    }

    public static TheoryData<string> LongNames => new()
    {
        new string('a', 10_000),
        string.Concat(Enumerable.Repeat("a.", 5_000)),
        string.Concat(Enumerable.Repeat("S01E01-", 1_500)),
        string.Concat(Enumerable.Repeat("[", 10_000)),
        string.Concat(Enumerable.Repeat("1x", 5_000)),
        string.Concat(Enumerable.Repeat("Movie.2019.1080p.", 600)),
        string.Concat(Enumerable.Repeat(" - 1", 2_500)),
        new string('9', 10_000) + ".mkv",
        "www." + string.Concat(Enumerable.Repeat("a.", 5_000)),
    };

    [Theory]
    [MemberData(nameof(LongNames))]
    public void Very_long_names_are_parsed_quickly(string name)
    {
        ReleaseNameParser.Parse(name);
        var watch = Stopwatch.StartNew();

        var info = ReleaseNameParser.Parse(name);

        watch.Stop();
        Assert.False(string.IsNullOrWhiteSpace(info.Title));

        // Linear work is a few milliseconds; anything near a second means backtracking or quadratic scanning.
        Assert.True(watch.ElapsedMilliseconds < 1_000, $"took {watch.ElapsedMilliseconds} ms");
    }

    private static string RandomChars(Random random, int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return builder.ToString();
    }

    private static string RandomFragments(Random random, int count)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Append(Fragments[random.Next(Fragments.Length)]);
            builder.Append(random.Next(4) switch { 0 => ".", 1 => " ", 2 => "_", _ => string.Empty });
        }

        return builder.ToString();
    }
}
