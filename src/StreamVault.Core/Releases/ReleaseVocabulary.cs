using static StreamVault.Core.Releases.TagKind;
using static StreamVault.Core.Releases.TagStrength;

namespace StreamVault.Core.Releases;

/// <summary>Known release tags, keyed by their words run together without separators ("WEB-DL", "WEB.DL" and "WEBDL" all
/// become WEBDL), so one lookup covers every spelling.</summary>
internal static class ReleaseVocabulary
{
    private static readonly Dictionary<string, VocabularyEntry> Entries = Build();

    public static bool TryGet(string key, out VocabularyEntry entry) => Entries.TryGetValue(key, out entry!);

    private static Dictionary<string, VocabularyEntry> Build()
    {
        var map = new Dictionary<string, VocabularyEntry>(StringComparer.OrdinalIgnoreCase);

        void Add(TagKind kind, TagStrength strength, string value, params string[] keys)
        {
            foreach (var key in keys)
            {
                map[key] = new VocabularyEntry(kind, value, strength);
            }
        }

        map["4K"] = new VocabularyEntry(Resolution, "4K", Strong) { Height = 2160 };
        map["UHD"] = new VocabularyEntry(Resolution, "UHD", Strong) { Height = 2160 };
        map["SD"] = new VocabularyEntry(Resolution, "SD", Edge) { Height = 480 };

        Add(Source, Strong, "WEB-DL", "WEBDL");
        Add(Source, Strong, "WEBRip", "WEBRIP", "WEBDLRIP");
        Add(Source, Weak, "WEB", "WEB");
        Add(Source, Strong, "BluRay", "BLURAY", "BLURAYRIP", "BDMV");
        Add(Source, Edge, "BluRay", "BD");
        Add(Source, Strong, "REMUX", "REMUX", "BDREMUX", "UHDREMUX");
        Add(Source, Strong, "BDRip", "BDRIP");
        Add(Source, Strong, "BRRip", "BRRIP");
        Add(Source, Strong, "HDTV", "HDTV", "HDTVRIP", "AHDTV");
        Add(Source, Strong, "PDTV", "PDTV");
        Add(Source, Strong, "SDTV", "SDTV");
        Add(Source, Strong, "DVDRip", "DVDRIP");
        Add(Source, Strong, "DVD", "DVDR", "DVD5", "DVD9");
        Add(Source, Edge, "DVD", "DVD");
        Add(Source, Strong, "DVDScr", "DVDSCR");
        Add(Source, Weak, "Screener", "SCREENER", "SCR");
        Add(Source, Strong, "HDRip", "HDRIP");
        Add(Source, Strong, "CAM", "HDCAM", "CAMRIP");
        Add(Source, Weak, "CAM", "CAM");
        Add(Source, Strong, "TS", "HDTS", "TELESYNC");
        Add(Source, Weak, "TS", "TS");
        Add(Source, Strong, "TC", "HDTC", "TELECINE");
        Add(Source, Weak, "TC", "TC");
        Add(Source, Weak, "R5", "R5");
        Add(Source, Strong, "VHSRip", "VHSRIP");
        Add(Source, Strong, "VODRip", "VODRIP");

        Add(VideoCodec, Strong, "H.264", "X264", "H264", "AVC");
        Add(VideoCodec, Strong, "H.265", "X265", "H265", "HEVC");
        Add(VideoCodec, Strong, "AV1", "AV1");
        Add(VideoCodec, Strong, "VP9", "VP9");
        Add(VideoCodec, Strong, "XviD", "XVID");
        Add(VideoCodec, Strong, "DivX", "DIVX");
        Add(VideoCodec, Strong, "MPEG-2", "MPEG2");
        Add(VideoCodec, Strong, "VC-1", "VC1");

        Add(AudioCodec, Strong, "DDP", "DDP", "DD+", "EAC3", "DDPLUS");
        map["DDPA"] = new VocabularyEntry(AudioCodec, "DDP", Strong) { Atmos = true };
        Add(AudioCodec, Edge, "DD", "DD");
        Add(AudioCodec, Strong, "DD", "AC3", "DOLBYDIGITAL");
        Add(AudioCodec, Strong, "AAC", "AAC", "AACLC", "HEAAC");
        Add(AudioCodec, Strong, "DTS", "DTS", "DTSES");
        Add(AudioCodec, Strong, "DTS-HD", "DTSHD", "DTSHDHRA", "DTSHRA");
        Add(AudioCodec, Strong, "DTS-HD MA", "DTSHDMA", "DTSMA");
        Add(AudioCodec, Strong, "DTS:X", "DTSX");
        Add(AudioCodec, Strong, "TrueHD", "TRUEHD");
        Add(AudioCodec, Strong, "FLAC", "FLAC");
        Add(AudioCodec, Weak, "Opus", "OPUS");
        Add(AudioCodec, Strong, "MP3", "MP3");
        Add(AudioCodec, Strong, "LPCM", "LPCM", "PCM");
        Add(Atmos, Weak, "Atmos", "ATMOS");

        Add(Hdr, Strong, "HDR", "HDR");
        Add(Hdr, Strong, "HDR10", "HDR10");
        Add(Hdr, Strong, "HDR10+", "HDR10+", "HDR10PLUS");
        Add(Hdr, Strong, "DV", "DOVI", "DOLBYVISION");
        Add(Hdr, Weak, "DV", "DV");
        Add(Hdr, Strong, "HLG", "HLG");

        Add(TagKind.Flag, Edge, "Repack", "REPACK", "REPACK2", "REPACK3", "RERIP", "REAL");
        Add(TagKind.Flag, Edge, "Proper", "PROPER", "PROPER2");
        Add(TagKind.Flag, Edge, "Internal", "INTERNAL");
        Add(TagKind.Flag, Edge, "Edition", "EXTENDED", "EXTENDEDCUT", "EXTENDEDEDITION", "UNRATED", "UNCUT", "UNCENSORED",
            "DIRECTORSCUT", "THEATRICAL", "THEATRICALCUT", "REMASTERED", "REMASTER", "RESTORED", "CRITERION", "IMAX",
            "OPENMATTE", "HYBRID", "COMPLETE", "LIMITED", "FESTIVAL", "STV", "WS", "FS", "RETAIL");
        Add(TagKind.Flag, Edge, "Fix", "READNFO", "NFOFIX", "DIRFIX", "SUBFIX", "SAMPLEFIX", "SYNCFIX");
        Add(TagKind.Flag, Edge, "Subtitles", "SUBBED", "HARDSUB", "HC", "MULTISUB", "MULTISUBS", "MULTIPLESUBTITLE",
            "MULTIPLESUBTITLES", "ESUB", "ESUBS", "SUBS", "RAW");
        Add(TagKind.Flag, Edge, "Audio", "DUBBED", "DUALAUDIO", "DUAL", "DL");
        Add(TagKind.Flag, Edge, "Picture", "SDR", "8BIT", "10BIT", "12BIT", "HI10P", "HI10", "3D", "HSBS", "HOU", "SBS");
        Add(Language, Edge, "Language", "MULTI", "VOSTFR", "VOST", "SUBFRENCH", "TRUEFRENCH", "FRENCH", "VFF", "VFQ", "VFI",
            "VF2", "ENGLISH", "ENG", "GERMAN", "GER", "ITALIAN", "ITA", "SPANISH", "SPA", "ESP", "LATINO", "CASTELLANO",
            "RUSSIAN", "RUS", "UKRAINIAN", "UKR", "JAPANESE", "JPN", "KOREAN", "KOR", "CHINESE", "CHS", "CHT", "MANDARIN",
            "CANTONESE", "HINDI", "TAMIL", "TELUGU", "DUTCH", "NORDIC", "SWEDISH", "SWE", "DANISH", "NORWEGIAN", "FINNISH",
            "POLISH", "PL", "PORTUGUESE", "BRAZILIAN", "TURKISH", "ARABIC", "HEBREW", "CZECH", "HUNGARIAN", "GREEK",
            "THAI", "VIETNAMESE");
        Add(Service, Weak, "Service", "AMZN", "NF", "NFLX", "DSNP", "DSNY", "HMAX", "ATVP", "HULU", "PCOK", "PMTP", "IT",
            "CR", "FUNI", "HIDIVE", "STAN", "CRAV", "HBO", "SHO", "IP", "VRV", "PMNT", "ROKU", "MUBI");
        return map;
    }
}
