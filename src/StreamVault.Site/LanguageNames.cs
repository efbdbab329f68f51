namespace StreamVault.Site;

/// <summary>
/// Human labels for subtitle languages. InvariantGlobalization leaves CultureInfo without display names,
/// so the common ones are listed here; anything else shows its tag.
/// </summary>
public static class LanguageNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "English", ["fr"] = "Français", ["de"] = "Deutsch", ["es"] = "Español", ["es-419"] = "Español (Latinoamérica)",
        ["it"] = "Italiano", ["pt"] = "Português", ["pt-BR"] = "Português (Brasil)", ["ru"] = "Русский", ["ja"] = "日本語",
        ["zh"] = "中文", ["zh-Hans"] = "中文（简体）", ["zh-Hant"] = "中文（繁體）", ["ko"] = "한국어", ["ar"] = "العربية",
        ["hi"] = "हिन्दी", ["nl"] = "Nederlands", ["sv"] = "Svenska", ["no"] = "Norsk", ["nb"] = "Norsk bokmål", ["da"] = "Dansk",
        ["fi"] = "Suomi", ["pl"] = "Polski", ["tr"] = "Türkçe", ["el"] = "Ελληνικά", ["he"] = "עברית", ["cs"] = "Čeština",
        ["hu"] = "Magyar", ["ro"] = "Română", ["th"] = "ไทย", ["vi"] = "Tiếng Việt", ["id"] = "Bahasa Indonesia",
        ["uk"] = "Українська", ["fa"] = "فارسی", ["und"] = "Unknown language",
    };

    public static string Label(string tag, bool forced, bool hearingImpaired)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var name = Names.TryGetValue(tag, out var known) ? known
            : Names.TryGetValue(tag.Split('-')[0], out var primary) ? $"{primary} ({tag})"
            : tag;
        if (forced)
        {
            name += " (forced)";
        }

        if (hearingImpaired)
        {
            name += " (SDH)";
        }

        return name;
    }
}
