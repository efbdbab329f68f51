namespace StreamVault.Core.Subtitles;

/// <summary>
/// What a sidecar subtitle's file name says about it: "Movie.pt-BR.forced.srt" beside "Movie.mkv" is a forced
/// Brazilian Portuguese SRT. Tokens between the media name and the extension may come in any order.
/// </summary>
public sealed record SidecarSubtitleName(string Language, bool Forced, bool HearingImpaired, SubtitleFormat Format, string Extension)
{
    public const string Undetermined = "und";

    public static bool TryParse(string mediaFileName, string subtitleFileName, out SidecarSubtitleName result)
    {
        result = null!;
        var mediaBase = Path.GetFileNameWithoutExtension(Path.GetFileName(mediaFileName));
        var name = Path.GetFileName(subtitleFileName);
        var extension = Path.GetExtension(name).TrimStart('.').ToLowerInvariant();
        if (mediaBase.Length == 0 || !SubtitleConverter.TryGetFormat(extension, out var format))
        {
            return false;
        }

        var stem = name[..^(extension.Length + 1)];
        if (!stem.StartsWith(mediaBase, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var tail = stem[mediaBase.Length..];
        if (tail.Length > 0 && tail[0] != '.')
        {
            return false; // "Movie 2.srt" does not belong to "Movie.mkv"
        }

        string language = Undetermined;
        bool forced = false, hearingImpaired = false;
        foreach (var token in tail.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var lower = token.ToLowerInvariant();
            switch (lower)
            {
                case "forced" or "foreign":
                    forced = true;
                    break;
                case "sdh" or "hi" or "cc":
                    hearingImpaired = true;
                    break;
                default:
                    if (language == Undetermined && LanguageTags.TryNormalize(token, out var tag))
                    {
                        language = tag;
                    }

                    break;
            }
        }

        result = new SidecarSubtitleName(language, forced, hearingImpaired, format, extension);
        return true;
    }
}
