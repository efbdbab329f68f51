using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace StreamVault.Site;

/// <summary>
/// The front-end bundle, embedded in this assembly by StreamVault.Site.Web.targets. URLs carry a content
/// hash (?v=) so browsers may cache them for a year and still pick up a new build at once.
/// </summary>
public sealed class SiteAssets
{
    private const string Prefix = "site-assets/";

    private readonly FrozenDictionary<string, Asset> assets;

    public SiteAssets()
    {
        var assembly = typeof(SiteAssets).Assembly;
        var found = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var name = resource[Prefix.Length..];
            found[name] = new Asset(bytes, ContentType(name), Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]);
        }

        assets = found.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public sealed record Asset(ReadOnlyMemory<byte> Bytes, string ContentType, string Version);

    public bool TryGet(string name, out Asset asset) => assets.TryGetValue(name, out asset!);

    /// <summary>The versioned URL of an asset; a missing bundle (built with SkipWebBuild) still yields a plain URL.</summary>
    [SuppressMessage("Design", "CA1055:URI return values should not be strings", Justification = "A site-relative path (/watch/..., /assets/...) written into HTML or JSON as it is, not an absolute address a Uri would model.")]
    public string Url(string name) => assets.TryGetValue(name, out var asset) ? $"/assets/{name}?v={asset.Version}" : $"/assets/{name}";

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".map" => "application/json",
        _ => "application/octet-stream",
    };
}
