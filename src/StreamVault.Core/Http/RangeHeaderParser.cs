namespace StreamVault.Core.Http;

/// <summary>
/// Parses <c>Range: bytes=...</c> (RFC 9110 §14.1.2) with exactly nginx's decisions
/// (ngx_http_range_filter_module), so StreamVault behind or beside nginx answers alike:
/// <list type="bullet">
/// <item>The unit <c>bytes=</c> is matched case-insensitively; any other unit means no range request.</item>
/// <item>Spaces (not tabs) are allowed around numbers, dashes and commas.</item>
/// <item>Any syntax error anywhere, or a number beyond <see cref="long.MaxValue"/>, is 416 — not ignored.
///   RFC 9110 §14.2 allows either; nginx rejects, and so do we.</item>
/// <item>Unsatisfiable members (start beyond the end, <c>5-1</c>, <c>-0</c>) are dropped; if none is left, 416.</item>
/// <item>Ranges are neither sorted nor coalesced; instead, if their total exceeds the length
///   (overlap amplification) or there are more than the limit, the whole representation is served with 200.</item>
/// </list>
/// </summary>
public static class RangeHeaderParser
{
    /// <summary>nginx's default <c>max_ranges</c>: unlimited (its int32 maximum).</summary>
    public const int Unlimited = int.MaxValue;

    private const string Unit = "bytes=";

    /// <summary>Parses <paramref name="header"/> for a representation of <paramref name="length"/> bytes.</summary>
    /// <param name="header">The raw <c>Range</c> field value.</param>
    /// <param name="length">The representation length, zero or more.</param>
    /// <param name="ranges">The satisfiable ranges in request order when the outcome is <see cref="RangeParseOutcome.Satisfiable"/>, else empty.</param>
    /// <param name="maxRanges">More satisfiable ranges than this are answered with the whole representation.</param>
    public static RangeParseOutcome Parse(ReadOnlySpan<char> header, long length, out ByteRange[] ranges, int maxRanges = Unlimited)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRanges);
        ranges = [];
        header = header.Trim(" \t");

        // nginx wants at least one character after the unit.
        if (header.Length <= Unit.Length || !header.StartsWith(Unit, StringComparison.OrdinalIgnoreCase))
        {
            return RangeParseOutcome.None;
        }

        var spec = header[Unit.Length..];

        // An upper bound on the member count, so one array holds every range without a growable list.
        var found = new ByteRange[Math.Min(spec.Count(',') + 1, maxRanges + 1L)];
        var count = 0;
        long total = 0;
        var p = 0;

        while (true)
        {
            long start = 0;
            long end;
            SkipSpaces(spec, ref p);

            if (At(spec, p) != '-')
            {
                if (!ReadNumber(spec, ref p, out start))
                {
                    return RangeParseOutcome.NotSatisfiable;
                }

                SkipSpaces(spec, ref p);
                if (At(spec, p) != '-')
                {
                    return RangeParseOutcome.NotSatisfiable;
                }

                p++;
                SkipSpaces(spec, ref p);

                if (At(spec, p) is ',' or '\0')
                {
                    end = length; // "500-": to the end; 'end' is exclusive from here on.
                }
                else if (!ReadLast(spec, ref p, out var last))
                {
                    return RangeParseOutcome.NotSatisfiable;
                }
                else
                {
                    end = last >= length ? length : last + 1;
                }
            }
            else
            {
                p++; // "-500": the last 500 bytes.
                if (!ReadLast(spec, ref p, out var suffix))
                {
                    return RangeParseOutcome.NotSatisfiable;
                }

                start = suffix < length ? length - suffix : 0;
                end = length; // exclusive
            }

            if (start < end)
            {
                if (total > long.MaxValue - (end - start))
                {
                    return RangeParseOutcome.NotSatisfiable;
                }

                total += end - start;
                if (count == maxRanges)
                {
                    return RangeParseOutcome.ServeFull;
                }

                found[count++] = new ByteRange(start, end - start);
            }
            else if (start == 0)
            {
                // Only an empty representation gets here ("0-", "-5" of zero bytes): nginx serves it whole.
                return RangeParseOutcome.ServeFull;
            }

            if (At(spec, p) != ',')
            {
                break;
            }

            p++;
        }

        if (count == 0)
        {
            return RangeParseOutcome.NotSatisfiable;
        }

        if (total > length)
        {
            return RangeParseOutcome.ServeFull;
        }

        ranges = count == found.Length ? found : found[..count];
        return RangeParseOutcome.Satisfiable;
    }

    // nginx reads a NUL-terminated string; '\0' here stands for "end of value".
    private static char At(ReadOnlySpan<char> s, int i) => i < s.Length ? s[i] : '\0';

    private static void SkipSpaces(ReadOnlySpan<char> s, ref int p)
    {
        while (At(s, p) == ' ')
        {
            p++;
        }
    }

    // The second number of a member: digits, optional spaces, then ',' or the end.
    private static bool ReadLast(ReadOnlySpan<char> s, ref int p, out long value)
    {
        if (!ReadNumber(s, ref p, out value))
        {
            return false;
        }

        SkipSpaces(s, ref p);
        return At(s, p) is ',' or '\0';
    }

    private static bool ReadNumber(ReadOnlySpan<char> s, ref int p, out long value)
    {
        value = 0;
        if (!char.IsAsciiDigit(At(s, p)))
        {
            return false;
        }

        while (char.IsAsciiDigit(At(s, p)))
        {
            var digit = s[p++] - '0';
            if (value > (long.MaxValue - digit) / 10)
            {
                return false; // overflow: nginx answers 416
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
