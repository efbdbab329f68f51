using System.Text.RegularExpressions;

namespace StreamVault.Mtproto.Tests;

/// <summary>Reads values out of the copied official sample text so every published value is exercised.</summary>
internal static partial class Sample
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Vectors", "auth_key_sample.txt"));

    public static string Text(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", file));

    /// <summary>The n-th (0-based) "name = HEX" value.</summary>
    public static byte[] Value(string name, int occurrence = 0)
    {
        var found = Lines.Where(l => l.StartsWith(name + " = ", StringComparison.Ordinal)).ToList();
        return Hex.B(found[occurrence][(name.Length + 3)..]);
    }

    [GeneratedRegex(@"^[0-9A-F]{4} \| ")]
    private static partial Regex DumpLine();

    /// <summary>The n-th (0-based) hex dump block ("0000 | 00 11 ...").</summary>
    public static byte[] Dump(int index)
    {
        var blocks = new List<List<string>>();
        List<string>? cur = null;
        foreach (var l in Lines)
        {
            if (DumpLine().IsMatch(l))
            {
                if (cur is null) { cur = []; blocks.Add(cur); }
                cur.Add(l[7..]);
            }
            else
            {
                cur = null;
            }
        }
        return Hex.B(string.Concat(blocks[index]));
    }
}
