using System.Globalization;

namespace StreamVault.Core.Subtitles;

/// <summary>Reads and writes the timestamps of the three formats exactly (no floating point anywhere).</summary>
public static class SubtitleTime
{
    /// <summary>
    /// Parses [h+:]mm:ss[,.]fraction. The fraction is read as decimal digits (",5" is 500 ms, ASS ".05" is 50 ms),
    /// and hours may have any number of digits.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> s, out TimeSpan value)
    {
        value = default;
        s = s.Trim();
        var sep = s.LastIndexOfAny(',', '.');
        ReadOnlySpan<char> clock = sep >= 0 ? s[..sep] : s;
        ReadOnlySpan<char> fraction = sep >= 0 ? s[(sep + 1)..] : [];
        if (fraction.Length > 7 || !AllDigits(fraction))
        {
            return false;
        }

        Span<long> parts = stackalloc long[3];
        var count = 0;
        foreach (var range in clock.Split(':'))
        {
            var part = clock[range];
            if (count == 3 || part.Length == 0 || part.Length > 9 || !AllDigits(part))
            {
                return false;
            }

            parts[count++] = long.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        if (count < 2)
        {
            return false;
        }

        long hours = count == 3 ? parts[0] : 0, minutes = parts[count - 2], seconds = parts[count - 1];
        if (minutes > 59 || seconds > 59)
        {
            return false;
        }

        long ticks = 0;
        var scale = TimeSpan.TicksPerSecond;
        foreach (var digit in fraction)
        {
            scale /= 10;
            ticks += (digit - '0') * scale;
        }

        value = new TimeSpan(((hours * 60 + minutes) * 60 + seconds) * TimeSpan.TicksPerSecond + ticks);
        return true;
    }

    /// <summary>WebVTT timestamp hh:mm:ss.ttt; hours grow past two digits when needed.</summary>
    public static string ToWebVtt(TimeSpan t)
    {
        var totalMs = t.Ticks / TimeSpan.TicksPerMillisecond;
        var hours = totalMs / 3_600_000;
        var minutes = totalMs / 60_000 % 60;
        var seconds = totalMs / 1000 % 60;
        var ms = totalMs % 1000;
        return string.Create(CultureInfo.InvariantCulture, $"{hours:00}:{minutes:00}:{seconds:00}.{ms:000}");
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
