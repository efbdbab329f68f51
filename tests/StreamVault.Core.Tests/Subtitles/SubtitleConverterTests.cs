using System.Text;
using StreamVault.Core.Subtitles;

namespace StreamVault.Core.Tests.Subtitles;

public class SubtitleConverterTests
{
    private static string Vtt(string input, SubtitleFormat format) => SubtitleConverter.ToWebVtt(Encoding.UTF8.GetBytes(input), format);

    [Fact]
    public void Srt_commas_become_dots_and_numbers_are_dropped()
    {
        var srt = "1\r\n00:00:01,000 --> 00:00:02,500\r\nHello\r\n\r\n2\r\n00:00:03,250 --> 00:00:04,000\r\nTwo\r\nlines\r\n";
        Assert.Equal("WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello\n\n00:00:03.250 --> 00:00:04.000\nTwo\nlines\n\n", Vtt(srt, SubtitleFormat.Srt));
    }

    [Theory]
    [InlineData("00:00:01,5", 1_500)]
    [InlineData("00:00:01,05", 1_050)]
    [InlineData("0:00:01.250", 1_250)]
    [InlineData("01:02.003", 62_003)]
    [InlineData("123:00:00,000", 123L * 3_600_000)]
    [InlineData("0:01:02.34", 62_340)] // ASS centiseconds
    public void Timestamps_are_read_exactly(string text, long milliseconds)
    {
        Assert.True(SubtitleTime.TryParse(text, out var t));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), t);
    }

    [Theory]
    [InlineData("")]
    [InlineData("aa:bb:cc,ddd")]
    [InlineData("00:61:00,000")]
    [InlineData("1:2:3:4,000")]
    [InlineData("00:00:01,12345678")]
    public void Bad_timestamps_are_rejected(string text) => Assert.False(SubtitleTime.TryParse(text, out _));

    [Theory]
    [InlineData(0L, "00:00:00.000")]
    [InlineData(3_723_004L, "01:02:03.004")]
    [InlineData(100L * 3_600_000 + 1, "100:00:00.001")]
    public void WebVtt_timestamps_grow_past_99_hours(long ms, string expected) => Assert.Equal(expected, SubtitleTime.ToWebVtt(TimeSpan.FromMilliseconds(ms)));

    [Fact]
    public void Hours_over_99_survive_a_round_trip()
    {
        var vtt = Vtt("1\n123:45:01,002 --> 123:45:02,000\nLate\n", SubtitleFormat.Srt);
        Assert.Contains("123:45:01.002 --> 123:45:02.000", vtt, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_cues_are_kept_in_start_order()
    {
        var cues = SubtitleConverter.Parse("1\n00:00:05,000 --> 00:00:09,000\nB\n\n2\n00:00:01,000 --> 00:00:08,000\nA\n\n3\n00:00:05,000 --> 00:00:06,000\nC\n", SubtitleFormat.Srt);
        Assert.Equal(["A", "B", "C"], cues.Select(c => c.Text));
    }

    [Fact]
    public void Bad_cues_are_skipped_and_good_ones_kept()
    {
        var srt = "1\n00:00:01,000 --> 00:00:02,000\nGood\n\n2\nnonsense --> 00:00:03,000\nBad\n\n3\n00:00:05,000 --> 00:00:04,000\nBackwards\n\n4\n00:00:06,000 --> 00:00:07,000\nAlso good\n";
        Assert.Equal(["Good", "Also good"], SubtitleConverter.Parse(srt, SubtitleFormat.Srt).Select(c => c.Text));
    }

    [Theory]
    [InlineData(SubtitleFormat.Srt, "just some text\nwith no timing at all")]
    [InlineData(SubtitleFormat.WebVtt, "00:00:01.000 --> 00:00:02.000\nno header")]
    [InlineData(SubtitleFormat.Ass, "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,no sections")]
    public void Unrecognisable_files_throw_a_format_exception(SubtitleFormat format, string text) =>
        Assert.Throws<SubtitleFormatException>(() => SubtitleConverter.Parse(text, format));

    [Fact]
    public void Oversized_input_is_refused_without_parsing()
    {
        var big = new byte[SubtitleConverter.MaxInputBytes + 1];
        Assert.Throws<SubtitleFormatException>(() => SubtitleConverter.ToWebVtt(big, SubtitleFormat.Srt));
    }

    [Fact]
    public void Pathological_input_finishes()
    {
        // Many arrows, braces and angle brackets: everything is linear, so this returns quickly rather than hanging.
        var evil = string.Concat(Enumerable.Repeat("--> {\\ <<<< {{{ \n", 20_000));
        var cues = SubtitleConverter.Parse(evil, SubtitleFormat.Srt);
        Assert.Empty(cues);
    }

    [Fact]
    public void WebVtt_input_keeps_known_settings_and_drops_notes_styles_and_ids()
    {
        var input = "WEBVTT - title\n\nNOTE a note\n\nSTYLE\n::cue { color: red }\n\nintro\n00:01.000 --> 00:02.000 line:0 position:50% onclick:alert(1)\n<c.yellow>Hi</c> <i>there</i>\n";
        var vtt = Vtt(input, SubtitleFormat.WebVtt);
        Assert.Equal("WEBVTT\n\n00:00:01.000 --> 00:00:02.000 line:0 position:50%\n&lt;c.yellow&gt;Hi&lt;/c&gt; <i>there</i>\n\n", vtt);
    }

    [Fact]
    public void Ass_uses_the_format_line_field_order_and_centiseconds()
    {
        var ass = """
            [Script Info]
            ScriptType: v4.00+

            [Events]
            Format: Layer, Style, Start, End, Name, MarginL, MarginR, MarginV, Effect, Text
            Comment: 0,Default,0:00:00.00,0:00:09.00,,0,0,0,,a comment
            Dialogue: 0,Default,0:00:01.23,0:00:04.56,,0,0,0,,Hello, world\Nsecond line
            """;
        var cue = Assert.Single(SubtitleConverter.Parse(ass, SubtitleFormat.Ass));
        Assert.Equal(TimeSpan.FromMilliseconds(1_230), cue.Start);
        Assert.Equal(TimeSpan.FromMilliseconds(4_560), cue.End);
        Assert.Equal("Hello, world\nsecond line", cue.Text);
    }

    [Theory]
    [InlineData(@"{\an8}{\i1}Top{\i0} text", "Top text")]
    [InlineData(@"{\pos(10,20)}Placed", "Placed")]
    [InlineData(@"Before{\p1}m 0 0 l 100 0 100 100 0 100{\p0}After", "BeforeAfter")]
    [InlineData(@"{\p2}m 0 0 l 10 10", "")]
    [InlineData(@"Non\hbreaking", "Non\u00A0breaking")]
    [InlineData(@"Soft\nbreak", "Soft\nbreak")]
    [InlineData(@"Open {\b1 never closed", "Open")]
    public void Ass_text_loses_override_tags_and_drawings(string assText, string expected) => Assert.Equal(expected, CueTextSanitizer.Sanitize(AssPlain(assText)));

    [Fact]
    public void Ssa_files_with_default_order_and_drawing_only_lines()
    {
        var ssa = "[Script Info]\nScriptType: v4.00\n\n[Events]\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: Marked=0,0:00:02.00,0:00:03.00,Default,,0000,0000,0000,,Line\nDialogue: Marked=0,0:00:02.00,0:00:03.00,Default,,0000,0000,0000,,{\\p1}m 0 0 l 1 1{\\p0}\n";
        var cue = Assert.Single(SubtitleConverter.Parse(ssa, SubtitleFormat.Ass));
        Assert.Equal("Line", cue.Text);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("<i>ok</i> <B>bold</B> <u>u</u>", "<i>ok</i> <b>bold</b> <u>u</u>")]
    [InlineData("<i>unclosed", "<i>unclosed</i>")]
    [InlineData("</i>stray close", "stray close")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("<i onclick=x>attr</i>", "&lt;i onclick=x&gt;attr")]
    [InlineData("Tom & Jerry --> run", "Tom &amp; Jerry --&gt; run")]
    [InlineData("<font color=\"#ff0\">yellow</font>", "yellow")]
    [InlineData("line one\n\n\nline two", "line one\nline two")]
    public void Cue_text_is_sanitised(string input, string expected) => Assert.Equal(expected, CueTextSanitizer.Sanitize(input));

    private static string AssPlain(string text) =>
        SubtitleConverter.Parse($"[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,{text}", SubtitleFormat.Ass) is [var cue] ? cue.Text : string.Empty;
}
