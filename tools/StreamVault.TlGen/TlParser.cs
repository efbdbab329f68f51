using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamVault.TlGen;

internal static partial class TlParser
{
    [GeneratedRegex(@"^([\w.]+)#([0-9a-fA-F]+)\s*(.*?)\s*=\s*([^;]+);")]
    private static partial Regex Line();

    [GeneratedRegex(@"\{(\w+):Type\}")]
    private static partial Regex Generic();

    public static List<TlCombinator> Parse(IEnumerable<string> lines, bool isMtproto)
    {
        var result = new List<TlCombinator>();
        var functions = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line == "---functions---") { functions = true; continue; }
            if (line == "---types---") { functions = false; continue; }
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var m = Line().Match(line);
            if (!m.Success)
            {
                continue;
            }

            var name = m.Groups[1].Value;
            // Primitives and built-ins are handled by the hand-written reader/writer.
            if (name is "boolFalse" or "boolTrue" or "true" or "vector" or "null")
            {
                continue;
            }

            var id = uint.Parse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var body = m.Groups[3].Value;
            string? generic = null;
            var g = Generic().Match(body);
            if (g.Success) { generic = g.Groups[1].Value; body = Generic().Replace(body, ""); }
            var ps = new List<TlParam>();
            foreach (var tok in body.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = tok.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }

                var pn = tok[..colon];
                var pt = tok[(colon + 1)..];
                string? flagField = null;
                var bit = -1;
                var q = pt.IndexOf('?', StringComparison.Ordinal);
                if (q > 0)
                {
                    var cond = pt[..q];
                    pt = pt[(q + 1)..];
                    var dot = cond.IndexOf('.', StringComparison.Ordinal);
                    flagField = cond[..dot];
                    bit = int.Parse(cond[(dot + 1)..], CultureInfo.InvariantCulture);
                }
                ps.Add(new TlParam(pn, pt, flagField, bit));
            }
            result.Add(new TlCombinator(name, id, ps, m.Groups[4].Value.Trim(), functions, isMtproto, generic));
        }
        return result;
    }
}
