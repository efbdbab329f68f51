using System.Text;

namespace StreamVault.Web.Ranges.Http;

/// <summary>
/// Builds <c>Content-Disposition: attachment</c> values per RFC 6266 / RFC 8187:
/// <c>attachment; filename="ascii-fallback"; filename*=UTF-8''percent-encoded</c>.
/// Names come from the catalogue (user-influenced), so nothing in them may end the quoted string,
/// start a new header (CR/LF), or name a directory.
/// </summary>
public static class ContentDispositionHeader
{
    private const string DefaultName = "download";

    /// <summary>An attachment disposition for <paramref name="fileName"/>; unusable names become <c>download</c>.</summary>
    public static string Attachment(string? fileName)
    {
        var name = Sanitize(fileName);
        return $"attachment; filename=\"{AsciiFallback(name)}\"; filename*=UTF-8''{PercentEncode(name)}";
    }

    /// <summary>The last path segment without control characters, trimmed; <c>download</c> if nothing usable is left.</summary>
    internal static string Sanitize(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return DefaultName;
        }

        var span = fileName.AsSpan();
        var slash = span.LastIndexOfAny('/', '\\');
        span = span[(slash + 1)..];

        var builder = new StringBuilder(span.Length);
        foreach (var rune in span.EnumerateRunes())
        {
            // Control characters (CR, LF, NUL, DEL, C1) never reach a header.
            if (!Rune.IsControl(rune) && rune.Value != 0xFFFD)
            {
                builder.Append(rune.ToString());
            }
        }

        var clean = builder.ToString().Trim().TrimStart('.');
        return clean.Length == 0 ? DefaultName : clean;
    }

    // Quoted-string fallback for old clients: printable ASCII only, and no '"', '\' or '%'
    // (some browsers percent-decode 'filename'), each replaced by '_'.
    private static string AsciiFallback(string name) => string.Create(name.Length, name, static (dest, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            dest[i] = c is >= ' ' and <= '~' and not '"' and not '\\' and not '%' ? c : '_';
        }
    });

    // RFC 8187 attr-char are sent as is, every other UTF-8 byte as %XX.
    private static string PercentEncode(string name)
    {
        var builder = new StringBuilder(name.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (IsAttrChar((char)b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(Convert.ToHexString([b]));
            }
        }

        return builder.ToString();
    }

    private static bool IsAttrChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '&' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
