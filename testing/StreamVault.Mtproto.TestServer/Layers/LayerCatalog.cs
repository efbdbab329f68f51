using System.Collections.Frozen;
using System.Reflection;
using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto.TestServer.Layers;

/// <summary>
/// The API layers the test server speaks: the one its C# types were generated from (<see cref="TlSchema.Layer"/>) and
/// those the pinned GramJS and mtcute packages declare. Each is the TL text in Layers/layerN.tl, embedded in the
/// assembly and parsed on first use.
/// </summary>
internal static class LayerCatalog
{
    private static readonly FrozenDictionary<int, Lazy<LayerSchema>> Schemas = typeof(LayerCatalog).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("layer", StringComparison.Ordinal) && n.EndsWith(".tl", StringComparison.Ordinal))
        .ToFrozenDictionary(
            n => int.Parse(n["layer".Length..^".tl".Length], System.Globalization.CultureInfo.InvariantCulture),
            n => new Lazy<LayerSchema>(() => Load(n)));

    public static IEnumerable<int> Layers => Schemas.Keys.Order();

    public static LayerSchema Native => Get(TlSchema.Layer) ?? throw new InvalidOperationException($"layer{TlSchema.Layer}.tl is not embedded");

    public static LayerSchema? Get(int layer) => Schemas.TryGetValue(layer, out var s) ? s.Value : null;

    /// <summary>The service layer (mtproto.tl) comes first in every layer: clients wrap pings and the like in API wrappers.</summary>
    private static LayerSchema Load(string resource)
        => LayerSchema.Parse(int.Parse(resource["layer".Length..^".tl".Length], System.Globalization.CultureInfo.InvariantCulture),
            $"{Text("mtproto.tl")}\n---types---\n{Text(resource)}");

    private static string Text(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
