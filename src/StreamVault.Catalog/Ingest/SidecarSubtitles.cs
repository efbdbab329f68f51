using StreamVault.Core.Subtitles;

namespace StreamVault.Catalog.Ingest;

/// <summary>A subtitle file found beside a media file.</summary>
public sealed record SidecarSubtitle(string Path, SidecarSubtitleName Name);

/// <summary>Finds `Name.srt`, `Name.en.srt`, `Name.pt-BR.forced.srt`, `Name.eng.sdh.ass` beside `Name.mkv`.</summary>
internal static class SidecarSubtitles
{
    public static IReadOnlyList<SidecarSubtitle> Find(string mediaPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(mediaPath))!;
        var found = new List<SidecarSubtitle>();
        foreach (var candidate in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            if (SidecarSubtitleName.TryParse(mediaPath, candidate, out var name))
            {
                found.Add(new SidecarSubtitle(candidate, name));
            }
        }

        return found;
    }
}
