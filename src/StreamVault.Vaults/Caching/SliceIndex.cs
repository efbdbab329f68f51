namespace StreamVault.Vaults.Caching;

/// <summary>
/// Which slices the cache holds and which to evict, by bytes. Two segments: new slices enter probation; a slice read
/// again is promoted to the protected segment (at most <c>protectedFraction</c> of the capacity, its overflow demoted
/// back to probation); eviction takes probation's least recent first. With fraction 0 this is plain LRU.
///
/// Why segmented by default: the capacity tool's cache simulation (<c>--cache-sim</c>) replays a Zipf-popular library
/// where most viewers watch the first minutes and a minority binge whole films. Plain LRU lets each binge (thousands of
/// slices read once) flush the popular heads; the segmented index keeps them, and its hit ratio is higher at every
/// cache size we tried (figures in the report of the engine branch). It costs one extra linked list.
/// Not thread-safe: the stores lock around it.
/// </summary>
internal sealed class SliceIndex
{
    private readonly Dictionary<SliceKey, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _probation = new();
    private readonly LinkedList<Entry> _protected = new();
    private readonly long _capacity;
    private readonly long _protectedCapacity;
    private long _protectedBytes;

    public SliceIndex(long capacityBytes, double protectedFraction)
    {
        _capacity = capacityBytes;
        _protectedCapacity = (long)(capacityBytes * protectedFraction);
    }

    public long Bytes { get; private set; }

    public int Count => _entries.Count;

    public IEnumerable<SliceKey> Keys => _entries.Keys;

    public bool Contains(SliceKey key) => _entries.ContainsKey(key);

    /// <summary>Records a read; returns false when the key is unknown.</summary>
    public bool Touch(SliceKey key)
    {
        if (!_entries.TryGetValue(key, out var node))
        {
            return false;
        }

        if (node.Value.Protected || _protectedCapacity == 0)
        {
            node.List!.Remove(node);
            (node.Value.Protected ? _protected : _probation).AddFirst(node);
            return true;
        }

        _probation.Remove(node);
        node.Value.Protected = true;
        _protected.AddFirst(node);
        _protectedBytes += node.Value.Size;
        while (_protectedBytes > _protectedCapacity && _protected.Last is { } demoted)
        {
            _protected.RemoveLast();
            demoted.Value.Protected = false;
            _protectedBytes -= demoted.Value.Size;
            _probation.AddFirst(demoted);
        }

        return true;
    }

    /// <summary>Adds (or replaces) a slice as the most recent in probation.</summary>
    public void Add(SliceKey key, long size)
    {
        Remove(key);
        var node = _probation.AddFirst(new Entry(key, size));
        _entries[key] = node;
        Bytes += size;
    }

    public bool Remove(SliceKey key)
    {
        if (!_entries.Remove(key, out var node))
        {
            return false;
        }

        node.List!.Remove(node);
        Bytes -= node.Value.Size;
        if (node.Value.Protected)
        {
            _protectedBytes -= node.Value.Size;
        }

        return true;
    }

    /// <summary>Removes entries until the bytes fit the capacity; returns the victims for the store to delete.</summary>
    public List<SliceKey> EvictOverCapacity()
    {
        var victims = new List<SliceKey>();
        while (Bytes > _capacity)
        {
            var node = _probation.Last ?? _protected.Last;
            if (node is null)
            {
                break;
            }

            Remove(node.Value.Key);
            victims.Add(node.Value.Key);
        }

        return victims;
    }

    private sealed class Entry(SliceKey key, long size)
    {
        public SliceKey Key { get; } = key;

        public long Size { get; } = size;

        public bool Protected { get; set; }
    }
}
