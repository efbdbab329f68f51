namespace StreamVault.Core.Http;

/// <summary>Entity-tag comparison (RFC 9110 §8.8.3.2) over raw field values, without allocating.</summary>
public static class EntityTag
{
    /// <summary>
    /// The strong tag nginx gives a static file, <c>"&lt;hex mtime seconds&gt;-&lt;hex size&gt;"</c>, so a file served by
    /// StreamVault and by an nginx cache in front of it validates alike.
    /// </summary>
    public static string ForFile(DateTimeOffset lastWriteTime, long length) =>
        $"\"{lastWriteTime.ToUnixTimeSeconds():x}-{length:x}\"";

    /// <summary>True for <c>W/"..."</c>.</summary>
    public static bool IsWeak(ReadOnlySpan<char> tag) => tag.StartsWith("W/", StringComparison.Ordinal);

    /// <summary>The quoted opaque part, without any <c>W/</c> prefix.</summary>
    public static ReadOnlySpan<char> Opaque(ReadOnlySpan<char> tag) => IsWeak(tag) ? tag[2..] : tag;

    /// <summary>Strong comparison: both strong and the opaque tags equal character by character.</summary>
    public static bool StrongEquals(ReadOnlySpan<char> a, ReadOnlySpan<char> b) =>
        !IsWeak(a) && !IsWeak(b) && a.SequenceEqual(b);

    /// <summary>Weak comparison: opaque tags equal, whether or not either is weak.</summary>
    public static bool WeakEquals(ReadOnlySpan<char> a, ReadOnlySpan<char> b) => Opaque(a).SequenceEqual(Opaque(b));

    /// <summary>
    /// Evaluates a list field such as If-Match or If-None-Match against the current tag:
    /// <c>*</c> matches any existing representation, otherwise any listed member that compares equal.
    /// Malformed members simply never match.
    /// </summary>
    public static bool ListMatches(ReadOnlySpan<char> list, string? current, bool weakComparison)
    {
        list = list.Trim();
        if (list is "*")
        {
            return true;
        }

        if (current is null)
        {
            return false;
        }

        while (!list.IsEmpty)
        {
            list = list.TrimStart(" \t,");
            if (list.IsEmpty)
            {
                break;
            }

            var member = NextMember(ref list);
            var matches = weakComparison ? WeakEquals(member, current) : StrongEquals(member, current);
            if (matches)
            {
                return true;
            }
        }

        return false;
    }

    // A member is [W/]"opaque" where opaque may contain commas, so cut at the closing quote, not at a comma.
    private static ReadOnlySpan<char> NextMember(ref ReadOnlySpan<char> list)
    {
        var prefix = IsWeak(list) ? 2 : 0;
        if (list.Length > prefix && list[prefix] == '"')
        {
            var close = list[(prefix + 1)..].IndexOf('"');
            if (close >= 0)
            {
                var length = prefix + close + 2;
                var member = list[..length];
                list = list[length..];
                return member;
            }
        }

        var comma = list.IndexOf(',');
        var bad = comma < 0 ? list : list[..comma];
        list = comma < 0 ? [] : list[comma..];
        return bad.Trim();
    }
}
