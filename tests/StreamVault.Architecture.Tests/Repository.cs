using System.Xml.Linq;

namespace StreamVault.Architecture.Tests;

/// <summary>The repository's projects as their .csproj files declare them.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public sealed record Project(string Name, string Folder, string Path, IReadOnlyList<string> ProjectReferences, IReadOnlyList<string> PackageReferences);

    public static IReadOnlyList<Project> In(string folder) =>
        Directory.Exists(System.IO.Path.Combine(Root, folder))
            ? [.. Directory.EnumerateFiles(System.IO.Path.Combine(Root, folder), "*.csproj", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Select(p => Read(p, folder))]
            : [];

    private static Project Read(string path, string folder)
    {
        var xml = XDocument.Load(path);
        var projects = xml.Descendants("ProjectReference")
            .Select(e => System.IO.Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();
        var packages = xml.Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value).ToList();
        return new Project(System.IO.Path.GetFileNameWithoutExtension(path), folder, path, projects, packages);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "StreamVault.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("StreamVault.slnx not found above " + AppContext.BaseDirectory);
    }
}
