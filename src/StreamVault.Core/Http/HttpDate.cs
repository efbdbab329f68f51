using System.Globalization;

namespace StreamVault.Core.Http;

/// <summary>HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, with the obsolete RFC 850 and asctime forms accepted on input.</summary>
public static class HttpDate
{
    private static readonly string[] Formats =
    [
        "ddd, dd MMM yyyy HH:mm:ss 'GMT'",   // IMF-fixdate
        "dddd, dd-MMM-yy HH:mm:ss 'GMT'",    // obsolete RFC 850
        "ddd MMM d HH:mm:ss yyyy",           // asctime, single-digit day padded with a space
        "ddd MMM dd HH:mm:ss yyyy",
    ];

    /// <summary>Parses an HTTP-date; anything else (including extra text) yields false, so the header is ignored.</summary>
    public static bool TryParse(ReadOnlySpan<char> value, out DateTimeOffset date)
    {
        value = value.Trim();
        // AllowInnerWhite lets asctime's "Nov  6" (two spaces) match the "d" format.
        return DateTimeOffset.TryParseExact(
            value,
            Formats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowInnerWhite,
            out date);
    }

    /// <summary>Formats as IMF-fixdate, e.g. <c>Sun, 06 Nov 1994 08:49:37 GMT</c>.</summary>
    public static string Format(DateTimeOffset date) =>
        date.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    /// <summary>Drops sub-second precision, because a validator sent as an HTTP-date can only compare whole seconds.</summary>
    public static DateTimeOffset TruncateToSeconds(DateTimeOffset date)
    {
        var utc = date.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
