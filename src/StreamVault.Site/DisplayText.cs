namespace StreamVault.Site;

/// <summary>
/// Names as pages show them. Release names and titles come from uploaders; a bidirectional control in one
/// (U+202E RIGHT-TO-LEFT OVERRIDE, the embeddings and isolates) reorders the rest of the line, so "Film\u202Eevil.exe"
/// would read "Filmexe.live", and it leaks into the text around the name. Razor escapes markup but not these, and an
/// entity still renders as the control, so they are removed. The marks (U+200E, U+200F, U+061C) stay: they only nudge
/// neutral characters and Arabic or Hebrew names need them.
/// </summary>
internal static class DisplayText
{
    public static string Clean(string text)
    {
        if (text.AsSpan().IndexOfAny(BidiControls) < 0)
        {
            return text;
        }

        return string.Create(text.Length - Count(text), text, static (destination, source) =>
        {
            var at = 0;
            foreach (var c in source)
            {
                if (!IsBidiControl(c))
                {
                    destination[at++] = c;
                }
            }
        });
    }

    public static string? CleanOrNull(string? text) => text is null ? null : Clean(text);

    private static readonly System.Buffers.SearchValues<char> BidiControls =
        System.Buffers.SearchValues.Create("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069");

    private static bool IsBidiControl(char c) => c is (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');

    private static int Count(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (IsBidiControl(c))
            {
                count++;
            }
        }

        return count;
    }
}
