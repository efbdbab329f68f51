namespace StreamVault.Core.Releases;

/// <summary>Trims what surrounds the release name proper: folders, the file extension and tracker website prefixes.</summary>
internal static class ReleaseNameText
{
    // A whitelist, because names without an extension end in ".1" (DDP5.1), ".264" or ".WEB" just as often.
    private static readonly HashSet<string> Containers = new(StringComparer.OrdinalIgnoreCase)
    {
        "mkv", "mp4", "m4v", "avi", "mov", "wmv", "flv", "webm", "ts", "m2ts", "mts", "mpg", "mpeg", "vob", "iso",
        "ogm", "ogv", "divx", "rmvb", "rm", "asf", "3gp", "srt", "ass", "ssa", "sub", "idx", "vtt",
    };

    private static readonly HashSet<string> TopLevelDomains = new(StringComparer.OrdinalIgnoreCase)
    {
        "com", "org", "net", "info", "biz", "to", "io", "me", "tv", "cc", "ws", "co", "uk", "ru", "in", "cz", "pl", "de",
        "fr", "es", "it", "nl", "se", "eu", "xyz", "club", "site", "online", "pro", "ag", "am", "lol", "mx", "ch", "lv",
        "li", "vip", "top", "live", "one", "link", "world", "nu", "pw", "ms", "cd", "la", "sx", "st", "tk", "ml", "ga",
        "cf", "gq", "is", "gd", "bz", "re", "ac", "at", "be", "br", "ca", "us", "fun", "icu", "win", "app", "ninja",
    };

    public static (string Stem, string? Container) Split(string? fileName)
    {
        var name = fileName ?? string.Empty;
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var dot = name.LastIndexOf('.');
        if (dot < 0 || !Containers.Contains(name[(dot + 1)..]))
        {
            return (StripWebsite(name), null);
        }

        var extension = name[(dot + 1)..];

        // Upper-case ".TS" ends telesync releases ("Movie.2019.TS"); a transport stream file says ".ts".
        if (extension == "TS")
        {
            return (StripWebsite(name), null);
        }

        return (StripWebsite(name[..dot]), extension.ToLowerInvariant());
    }

    /// <summary>Drops "www.site.org - ", "[www.site.org] " and "www.site.org." in front of the name.</summary>
    private static string StripWebsite(string name)
    {
        var start = 0;
        while (start < name.Length && (char.IsWhiteSpace(name[start]) || ReleaseTokenizer.IsOpening(name[start])))
        {
            start++;
        }

        if (!name.AsSpan(start).StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            return name;
        }

        var end = DomainEnd(name, start + 4);
        while (end < name.Length && (char.IsWhiteSpace(name[end]) || ReleaseTokenizer.IsClosing(name[end])
                                     || ReleaseTokenizer.IsDash(name[end]) || name[end] is '.' or '_'))
        {
            end++;
        }

        return end < name.Length ? name[end..] : name;
    }

    private static int DomainEnd(string name, int position)
    {
        // Dotted names run the domain into the title ("www.site.org.Movie.2019"), so stop after the first known TLD.
        for (var label = 0; label < 4 && position < name.Length; label++)
        {
            var end = position;
            while (end < name.Length && (char.IsAsciiLetterOrDigit(name[end]) || name[end] == '-'))
            {
                end++;
            }

            if (label > 0 && TopLevelDomains.Contains(name[position..end]))
            {
                return end;
            }

            if (end >= name.Length || name[end] != '.')
            {
                return end;
            }

            position = end + 1;
        }

        return position;
    }
}
