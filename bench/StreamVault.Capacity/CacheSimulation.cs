using System.Globalization;
using StreamVault.Vaults.Caching;

namespace StreamVault.Capacity;

/// <summary>
/// The measurement behind the cache's eviction policy: a Zipf-popular library where most viewers watch the opening
/// minutes and some binge a whole title, replayed against plain LRU and segmented LRU at several cache sizes.
/// </summary>
internal static class CacheSimulation
{
    public static void Print(int seed)
    {
        const int titles = 300;
        const int slicesPerTitle = 1500; // ~40 min at 5 Mbit/s
        const int viewers = 4000;
        var accesses = Workload(seed, titles, slicesPerTitle, viewers);
        var library = (long)titles * slicesPerTitle;
        Console.WriteLine($"Cache simulation, seed {seed}: {titles} titles x {slicesPerTitle} slices, {viewers} viewers (Zipf 0.9; 75% watch 2-15 min, 25% whole title), {accesses.Count} slice reads, interleaved.");
        Console.WriteLine("| cache size (% of library) | LRU hit ratio | segmented LRU hit ratio |");
        Console.WriteLine("|---|---|---|");
        foreach (var share in new[] { 0.02, 0.05, 0.10, 0.20 })
        {
            var capacity = (long)(library * share);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {share:P0} | {HitRatio(accesses, capacity, 0):P1} | {HitRatio(accesses, capacity, 0.8):P1} |"));
        }
    }

    private static double HitRatio(List<SliceKey> accesses, long capacitySlices, double protectedFraction)
    {
        var index = new SliceIndex(capacitySlices, protectedFraction);
        long hits = 0;
        foreach (var key in accesses)
        {
            if (index.Touch(key))
            {
                hits++;
            }
            else
            {
                index.Add(key, 1);
                index.EvictOverCapacity();
            }
        }

        return (double)hits / accesses.Count;
    }

    private static List<SliceKey> Workload(int seed, int titles, int slicesPerTitle, int viewers)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(1, titles).Select(r => 1 / Math.Pow(r, 0.9)).ToArray();
        var total = weights.Sum();
        // Each viewer is a cursor; 40 watch at once, interleaved slice by slice.
        var active = new List<(int Title, int Next, int End)>();
        var result = new List<SliceKey>();
        var started = 0;
        while (started < viewers || active.Count > 0)
        {
            while (active.Count < 40 && started < viewers)
            {
                var pick = random.NextDouble() * total;
                var title = 0;
                while (pick > weights[title])
                {
                    pick -= weights[title++];
                }

                var end = random.NextDouble() < 0.75 ? random.Next(50, 375) : slicesPerTitle;
                active.Add((title, 0, end));
                started++;
            }

            var i = random.Next(active.Count);
            var (t, next, stop) = active[i];
            result.Add(new SliceKey(t, 1, next));
            if (next + 1 >= stop)
            {
                active.RemoveAt(i);
            }
            else
            {
                active[i] = (t, next + 1, stop);
            }
        }

        return result;
    }
}
