using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamVault.Catalog.Import;

/// <summary>
/// One piece of a file that was too large for one channel document and was posted in pieces:
/// <c>Film.2020.mkv.001</c>, <c>.002</c>, ... (7-Zip/HJSplit numbering) or <c>Film.2020.part1.mkv</c>, <c>part2</c>
/// (also <c>part01</c>, <c>.mkv.part1</c>). <see cref="WholeName"/> is the name of the joined file.
/// </summary>
public sealed partial record SplitUploadName(string WholeName, int Number)
{
    public static SplitUploadName? Parse(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName))
        {
            return null;
        }

        var numbered = NumberedSuffix().Match(fileName);
        if (numbered.Success)
        {
            return Create(numbered.Groups["whole"].Value, numbered.Groups["n"].Value);
        }

        var part = PartBeforeExtension().Match(fileName);
        if (part.Success)
        {
            return Create(part.Groups["stem"].Value + part.Groups["ext"].Value, part.Groups["n"].Value);
        }

        var trailing = PartAfterExtension().Match(fileName);
        return trailing.Success ? Create(trailing.Groups["whole"].Value, trailing.Groups["n"].Value) : null;
    }

    private static SplitUploadName? Create(string whole, string number) =>
        int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 999 && whole.Length > 0
            ? new SplitUploadName(whole, n)
            : null;

    // "Film.mkv.001": the whole name keeps a media extension, so "Show.S01E001" style names are not taken for parts.
    [GeneratedRegex(@"^(?<whole>.+\.[A-Za-z0-9]{2,4})\.(?<n>\d{3})$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedSuffix();

    [GeneratedRegex(@"^(?<stem>.+?)[._ -]part[._ -]?(?<n>\d{1,3})(?<ext>\.[A-Za-z0-9]{2,4})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PartBeforeExtension();

    [GeneratedRegex(@"^(?<whole>.+\.[A-Za-z0-9]{2,4})\.part(?<n>\d{1,3})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PartAfterExtension();
}
