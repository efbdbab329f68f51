using System.Text.RegularExpressions;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Cli;

/// <summary>Names come from files and channels, not from the admin: none may drive the admin's terminal.</summary>
public sealed partial class TerminalOutputTests
{
    // An OSC that sets the window title, a CSI that clears the screen, a bare BEL and a right-to-left override.
    private const string HostileName = "Evil\u001b]0;pwned\u0007\u001b[2J\u0007Name\u202e.2021.1080p.WEB-DL.x264-GRP.mkv";

    [Fact]
    public async Task Ingest_titles_and_remove_print_names_without_control_or_escape_sequences()
    {
        using var folder = new TempFolder();
        var data = folder.Combine("data");
        var media = folder.WriteRandomFile(Path.Combine("in", HostileName), 20_000, seed: 3);

        var ingest = await CliProcess.RunAsync(data, "ingest", media);
        var titles = await CliProcess.RunAsync(data, "titles");
        var id = TitleId().Match(titles.Output);
        Assert.True(id.Success, titles.Output);
        var remove = await CliProcess.RunAsync(data, "remove", id.Value);

        Assert.True(ingest.ExitCode == 0, ingest.Output);
        Assert.Contains("1 added", ingest.Output, StringComparison.Ordinal);
        Assert.Equal(0, remove.ExitCode);
        foreach (var output in new[] { ingest.Output, titles.Output, remove.Output })
        {
            Assert.DoesNotContain('\u001b', output);
            Assert.DoesNotContain('\u0007', output);
            Assert.DoesNotContain('\u202e', output);
            Assert.DoesNotContain("]0;pwned", output, StringComparison.Ordinal);
        }

        Assert.Contains("Evil", titles.Output, StringComparison.Ordinal);
        Assert.Contains("Evil", remove.Output, StringComparison.Ordinal);
    }

    // Public ids are 12 characters of PublicIds' alphabet, the first column of the table.
    [GeneratedRegex("(?<![A-Za-z0-9])[a-km-z2-9]{12}(?![A-Za-z0-9])")]
    private static partial Regex TitleId();
}
