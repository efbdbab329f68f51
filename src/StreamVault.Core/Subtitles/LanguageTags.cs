namespace StreamVault.Core.Subtitles;

/// <summary>
/// Normalises the language part of subtitle file names to BCP 47: ISO 639-2 codes and English names
/// become the two-letter code BCP 47 prefers ("eng" → "en"), subtags get their canonical case ("pt-br" → "pt-BR").
/// </summary>
public static class LanguageTags
{
    private static readonly Dictionary<string, string> ToTwoLetter = new(StringComparer.OrdinalIgnoreCase)
    {
        ["eng"] = "en", ["english"] = "en",
        ["fre"] = "fr", ["fra"] = "fr", ["french"] = "fr",
        ["ger"] = "de", ["deu"] = "de", ["german"] = "de",
        ["spa"] = "es", ["spanish"] = "es",
        ["ita"] = "it", ["italian"] = "it",
        ["por"] = "pt", ["portuguese"] = "pt",
        ["rus"] = "ru", ["russian"] = "ru",
        ["jpn"] = "ja", ["japanese"] = "ja",
        ["chi"] = "zh", ["zho"] = "zh", ["chinese"] = "zh",
        ["kor"] = "ko", ["korean"] = "ko",
        ["ara"] = "ar", ["arabic"] = "ar",
        ["hin"] = "hi", ["hindi"] = "hi",
        ["dut"] = "nl", ["nld"] = "nl", ["dutch"] = "nl",
        ["swe"] = "sv", ["swedish"] = "sv",
        ["nor"] = "no", ["nob"] = "nb", ["norwegian"] = "no",
        ["dan"] = "da", ["danish"] = "da",
        ["fin"] = "fi", ["finnish"] = "fi",
        ["pol"] = "pl", ["polish"] = "pl",
        ["tur"] = "tr", ["turkish"] = "tr",
        ["gre"] = "el", ["ell"] = "el", ["greek"] = "el",
        ["heb"] = "he", ["hebrew"] = "he",
        ["cze"] = "cs", ["ces"] = "cs", ["czech"] = "cs",
        ["hun"] = "hu", ["hungarian"] = "hu",
        ["rum"] = "ro", ["ron"] = "ro", ["romanian"] = "ro",
        ["tha"] = "th", ["thai"] = "th",
        ["vie"] = "vi", ["vietnamese"] = "vi",
        ["ind"] = "id", ["indonesian"] = "id",
        ["ukr"] = "uk", ["ukrainian"] = "uk",
        ["per"] = "fa", ["fas"] = "fa", ["persian"] = "fa",
    };

    // Two-letter tokens that are also common release words; "hi" is handled as hearing-impaired before this.
    private static readonly HashSet<string> NotLanguages = new(StringComparer.OrdinalIgnoreCase) { "hd", "sd", "tv", "cd", "dl" };

    public static bool TryNormalize(string token, out string tag)
    {
        ArgumentNullException.ThrowIfNull(token);
        tag = string.Empty;
        if (ToTwoLetter.TryGetValue(token, out var mapped))
        {
            tag = mapped;
            return true;
        }

        var parts = token.Split('-', '_');
        var primary = parts[0];
        if (primary.Length is < 2 or > 3 || !primary.All(char.IsAsciiLetter) || NotLanguages.Contains(primary))
        {
            return false;
        }

        if (primary.Length == 3 && parts.Length == 1 && !char.IsAsciiLetterLower(primary[0]))
        {
            return false; // "DTS", "AAC": upper-case three-letter tokens are codecs, not ISO 639-2
        }

        var normalized = new List<string> { ToTwoLetter.GetValueOrDefault(primary, primary.ToLowerInvariant()) };
        foreach (var sub in parts.Skip(1))
        {
            if (sub.Length == 2 && sub.All(char.IsAsciiLetter))
            {
                normalized.Add(sub.ToUpperInvariant()); // region: BR
            }
            else if (sub.Length == 3 && sub.All(char.IsAsciiDigit))
            {
                normalized.Add(sub); // UN M.49 region: 419
            }
            else if (sub.Length == 4 && sub.All(char.IsAsciiLetter))
            {
                normalized.Add(char.ToUpperInvariant(sub[0]) + sub[1..].ToLowerInvariant()); // script: Hans
            }
            else
            {
                return false;
            }
        }

        tag = string.Join('-', normalized);
        return true;
    }
}
