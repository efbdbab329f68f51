namespace StreamVault.Server.Ingest;

/// <summary>A subtitle file found beside a media file.</summary>
public sealed record SidecarSubtitle(string Path, string Language, bool Forced, bool HearingImpaired, string Format);

/// <summary>Finds `Name.srt`, `Name.en.srt`, `Name.pt-BR.forced.srt`, `Name.eng.sdh.ass` beside `Name.mkv`.</summary>
internal static class SidecarSubtitles
{
    private static readonly string[] Formats = ["srt", "vtt", "ass", "ssa"];

    public static IReadOnlyList<SidecarSubtitle> Find(string mediaPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(mediaPath))!;
        var baseName = Path.GetFileNameWithoutExtension(mediaPath);
        var found = new List<SidecarSubtitle>();
        foreach (var candidate in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            if (TryParse(baseName, Path.GetFileName(candidate), out var language, out var forced, out var sdh, out var format))
            {
                found.Add(new SidecarSubtitle(candidate, language, forced, sdh, format));
            }
        }

        return found;
    }

    internal static bool TryParse(string mediaBaseName, string subtitleFileName, out string language, out bool forced, out bool hearingImpaired, out string format)
    {
        language = "und";
        forced = false;
        hearingImpaired = false;
        format = Path.GetExtension(subtitleFileName).TrimStart('.').ToLowerInvariant();
        if (!Formats.Contains(format) || !subtitleFileName.StartsWith(mediaBaseName, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var middle = Path.GetFileNameWithoutExtension(subtitleFileName)[mediaBaseName.Length..];
        if (middle.Length > 0 && middle[0] != '.')
        {
            return false;
        }

        foreach (var tag in middle.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var lower = tag.ToLowerInvariant();
            if (lower == "forced")
            {
                forced = true;
            }
            else if (lower is "sdh" or "hi" or "cc")
            {
                hearingImpaired = true;
            }
            else if (LooksLikeLanguage(tag))
            {
                language = NormalizeLanguage(tag);
            }
        }

        return true;
    }

    private static bool LooksLikeLanguage(string tag) =>
        tag.Length is 2 or 3 && tag.All(char.IsAsciiLetter)
        || tag.Length is >= 4 and <= 10 && tag.Contains('-', StringComparison.Ordinal) && tag.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>BCP 47 casing: language lower, region upper (pt-BR), script title (zh-Hant).</summary>
    private static string NormalizeLanguage(string tag)
    {
        var parts = tag.Split('-');
        parts[0] = parts[0].ToLowerInvariant();
        for (var i = 1; i < parts.Length; i++)
        {
            parts[i] = parts[i].Length == 4
                ? char.ToUpperInvariant(parts[i][0]) + parts[i][1..].ToLowerInvariant()
                : parts[i].ToUpperInvariant();
        }

        return string.Join('-', parts);
    }
}
