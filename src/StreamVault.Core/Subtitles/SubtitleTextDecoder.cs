using System.Text;

namespace StreamVault.Core.Subtitles;

/// <summary>
/// Turns subtitle bytes into text. Subtitles in the wild are UTF-8, UTF-16 (with or without BOM)
/// or legacy Windows-1252; a strict UTF-8 pass decides between the last two, because 1252 text
/// with accents is almost never valid UTF-8.
/// </summary>
public static class SubtitleTextDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static SubtitleTextDecoder()
    {
        // Code page 1252 is not built into .NET Core; the provider ships in the framework and works with InvariantGlobalization.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static Encoding Windows1252 { get; } = CreateWindows1252();

    public static string Decode(ReadOnlySpan<byte> bytes) => Decode(bytes, out _);

    public static string Decode(ReadOnlySpan<byte> bytes, out Encoding detected)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            detected = Encoding.UTF8;
            return StrictOrReplace(bytes[3..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            detected = Encoding.Unicode;
            return Encoding.Unicode.GetString(bytes[2..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            detected = Encoding.BigEndianUnicode;
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        if (LooksLikeUtf16WithoutBom(bytes, out var bigEndian))
        {
            detected = bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode;
            return detected.GetString(bytes);
        }

        try
        {
            var text = StrictUtf8.GetString(bytes);
            detected = Encoding.UTF8;
            return text;
        }
        catch (DecoderFallbackException)
        {
            detected = Windows1252;
            return Windows1252.GetString(bytes);
        }
    }

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    private static string StrictOrReplace(ReadOnlySpan<byte> bytes)
    {
        // A BOM promises UTF-8; a stray bad byte after it is replaced rather than re-read as 1252.
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>ASCII-heavy text in UTF-16 has a zero in every other byte; a sample of the start is enough to tell.</summary>
    private static bool LooksLikeUtf16WithoutBom(ReadOnlySpan<byte> bytes, out bool bigEndian)
    {
        bigEndian = false;
        var sample = bytes[..(Math.Min(bytes.Length, 512) & ~1)];
        if (sample.Length < 8)
        {
            return false;
        }

        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            if (sample[i] == 0)
            {
                evenZeros++;
            }

            if (sample[i + 1] == 0)
            {
                oddZeros++;
            }
        }

        var pairs = sample.Length / 2;
        if (oddZeros * 10 >= pairs * 7 && evenZeros * 10 < pairs)
        {
            return true;
        }

        if (evenZeros * 10 >= pairs * 7 && oddZeros * 10 < pairs)
        {
            bigEndian = true;
            return true;
        }

        return false;
    }
}
