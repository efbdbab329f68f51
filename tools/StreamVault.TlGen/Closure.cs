namespace StreamVault.TlGen;

internal static class Closure
{
    public static List<TlCombinator> Select(List<TlCombinator> all, IEnumerable<string> roots)
    {
        var byName = all.GroupBy(c => (c.Name, c.IsFunction)).ToDictionary(g => g.Key, g => g.Last());
        var byType = all.Where(c => !c.IsFunction).GroupBy(c => c.ResultType).ToDictionary(g => g.Key, g => g.ToList());
        var bareByName = all.Where(c => !c.IsFunction).GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Last());
        var chosen = new HashSet<TlCombinator>();
        var seenTypes = new HashSet<string>();
        var queue = new Queue<TlCombinator>();
        foreach (var r in roots)
        {
            if (byName.TryGetValue((r, true), out var f) || byName.TryGetValue((r, false), out f))
            {
                if (chosen.Add(f))
                {
                    queue.Enqueue(f);
                }
            }
            else
            {
                throw new InvalidOperationException("root not in schema: " + r);
            }
        }
        while (queue.Count > 0)
        {
            var c = queue.Dequeue();
            var types = c.Params.Select(p => p.Type).ToList();
            if (c.IsFunction)
            {
                types.Add(c.ResultType);
            }

            foreach (var t in types)
            {
                foreach (var name in TypeNames(t))
                {
                    if (byType.TryGetValue(name, out var cons))
                    {
                        if (!seenTypes.Add(name))
                        {
                            continue;
                        }

                        foreach (var k in cons)
                        {
                            if (chosen.Add(k))
                            {
                                queue.Enqueue(k);
                            }
                        }
                    }
                    else if (bareByName.TryGetValue(name.TrimStart('%'), out var bare))
                    {
                        if (chosen.Add(bare))
                        {
                            queue.Enqueue(bare);
                        }
                    }
                }
            }
        }
        return all.Where(chosen.Contains).ToList();
    }

    private static IEnumerable<string> TypeNames(string t)
    {
        t = t.TrimStart('!');
        var lt = t.IndexOf('<', StringComparison.Ordinal);
        if (lt >= 0)
        {
            return TypeNames(t[(lt + 1)..^1]);
        }

        return [t];
    }
}
