namespace StreamVault.Vaults.Caching;

/// <summary>
/// The few slices that many viewers read at once (the heads and current positions of popular titles), kept in memory
/// as shared buffers. Without it every reader of a cache hit rents its own 1 MiB buffer for as long as its socket
/// drains, so a thousand viewers of one hot title would pin a thousand copies of the same bytes.
/// </summary>
internal sealed class HotSliceMemory(long capacityBytes)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SliceKey, LinkedListNode<(SliceKey Key, SharedSlice Slice)>> _byKey = [];
    private readonly LinkedList<(SliceKey Key, SharedSlice Slice)> _recency = new();
    private long _bytes;

    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>A reference the caller must release, or false.</summary>
    public bool TryGet(SliceKey key, out SharedSlice slice)
    {
        lock (_lock)
        {
            if (_byKey.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                slice = node.Value.Slice;
                slice.AddRef();
                return true;
            }
        }

        slice = null!;
        return false;
    }

    /// <summary>Keeps a reference of its own to <paramref name="slice"/>; the least recently read slices go first.</summary>
    public void Add(SliceKey key, SharedSlice slice)
    {
        if (capacityBytes <= 0 || slice.Memory.Length > capacityBytes)
        {
            return;
        }

        var released = new List<SharedSlice>();
        lock (_lock)
        {
            if (_byKey.Remove(key, out var existing))
            {
                _recency.Remove(existing);
                _bytes -= existing.Value.Slice.Memory.Length;
                released.Add(existing.Value.Slice);
            }

            slice.AddRef();
            _byKey[key] = _recency.AddFirst((key, slice));
            _bytes += slice.Memory.Length;
            while (_bytes > capacityBytes && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _byKey.Remove(oldest.Value.Key);
                _bytes -= oldest.Value.Slice.Memory.Length;
                released.Add(oldest.Value.Slice);
            }
        }

        foreach (var old in released)
        {
            old.Release();
        }
    }

    /// <summary>Takedown: forget every slice of a media file. Readers holding one finish the slice they are sending.</summary>
    public void Remove(long mediaFileId)
    {
        var released = new List<SharedSlice>();
        lock (_lock)
        {
            foreach (var key in _byKey.Keys.Where(k => k.MediaFileId == mediaFileId).ToList())
            {
                _byKey.Remove(key, out var node);
                _recency.Remove(node!);
                _bytes -= node!.Value.Slice.Memory.Length;
                released.Add(node.Value.Slice);
            }
        }

        foreach (var old in released)
        {
            old.Release();
        }
    }
}
