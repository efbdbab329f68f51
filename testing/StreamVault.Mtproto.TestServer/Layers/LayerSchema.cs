using System.Collections.Frozen;
using System.Globalization;

namespace StreamVault.Mtproto.TestServer.Layers;

/// <summary>One field of a TL combinator; <see cref="FlagField"/> is set for "flags.N?Type" fields.</summary>
internal sealed record LayerArg(string Name, string Type, string? FlagField, int FlagBit);

/// <summary>A TL constructor or function of one layer, as written in its schema text.</summary>
internal sealed record LayerCombinator(string Name, uint Id, LayerArg[] Args, string ResultType, bool IsFunction);

/// <summary>
/// The API schema of one Telegram layer, read at run time from TL text, so the server can speak layers other than the
/// one its C# types were generated from. Only the wire shape matters here: names, ids, field types and flags.
/// </summary>
internal sealed class LayerSchema
{
    private LayerSchema(int layer, List<LayerCombinator> all)
    {
        Layer = layer;
        ById = all.GroupBy(c => c.Id).ToFrozenDictionary(g => g.Key, g => g.First());
        // A name can occur twice in old schemas (a legacy twin under another id); the first is the current one.
        ByName = all.GroupBy(c => c.Name, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        ByType = all.Where(c => !c.IsFunction).GroupBy(c => c.ResultType, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public int Layer { get; }

    public FrozenDictionary<uint, LayerCombinator> ById { get; }

    public FrozenDictionary<string, LayerCombinator> ByName { get; }

    /// <summary>Constructors by the type they build, for bare types named by their type ("%Message" style).</summary>
    public FrozenDictionary<string, LayerCombinator[]> ByType { get; }

    public static LayerSchema Parse(int layer, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var all = new List<LayerCombinator>();
        var functions = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("---", StringComparison.Ordinal))
            {
                functions = line == "---functions---";
                continue;
            }

            if (line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal) && ParseLine(line, functions) is { } c)
            {
                all.Add(c);
            }
        }

        return new LayerSchema(layer, all);
    }

    /// <summary>"name#id {X:Type} a:int b:flags.0?string = Result;" — lines without an id (vector, built-ins) are skipped.</summary>
    private static LayerCombinator? ParseLine(string line, bool isFunction)
    {
        var eq = line.LastIndexOf('=');
        var head = line[..Math.Max(eq, 0)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var hash = head.Length > 0 ? head[0].IndexOf('#', StringComparison.Ordinal) : -1;
        if (hash <= 0)
        {
            return null;
        }

        var name = head[0][..hash];
        if (!uint.TryParse(head[0][(hash + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var args = new List<LayerArg>();
        foreach (var token in head.Skip(1))
        {
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || token.StartsWith('{'))
            {
                continue; // generic parameter declarations such as {X:Type}
            }

            var type = token[(colon + 1)..];
            var question = type.IndexOf('?', StringComparison.Ordinal);
            if (question < 0)
            {
                args.Add(new LayerArg(token[..colon], type, null, -1));
                continue;
            }

            var condition = type[..question].Split('.');
            args.Add(new LayerArg(token[..colon], type[(question + 1)..], condition[0], int.Parse(condition[1], CultureInfo.InvariantCulture)));
        }

        var result = line[(eq + 1)..].Trim().TrimEnd(';').Trim();
        return new LayerCombinator(name, id, [.. args], result, isFunction);
    }
}
