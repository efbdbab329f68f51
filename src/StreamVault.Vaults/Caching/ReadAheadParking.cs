namespace StreamVault.Vaults.Caching;

/// <summary>
/// Keeps the read-ahead of a finished bounded range request for a moment, for the request that continues where it
/// ended. Players that ask for bounded ranges one after another (Safari and iOS do) are sequential readers too: the
/// next request adopts the cursor with its measured pace and its fetches already in flight, instead of starting cold.
/// A cursor nobody adopts within <see cref="SliceCacheOptions.SequentialGap"/> is disposed, which cancels its queued
/// read-ahead, as a seek would.
/// </summary>
internal sealed class ReadAheadParking : IDisposable
{
    private const int Capacity = 1024;
    private readonly Lock _lock = new();
    private readonly Dictionary<(long MediaFileId, int Version, long Offset), Parked> _parked = [];

    // Parked cursors oldest first: every cursor waits the same gap, so the oldest is the first to expire and the one to
    // drop when the lot is full. A thousand random readers keep it full, and a scan for the oldest on every request
    // cost the hit path a lock held over a thousand entries.
    private readonly LinkedList<(long MediaFileId, int Version, long Offset)> _order = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _gap;
    private readonly ITimer _timer;
    private long _armedFor = long.MaxValue;

    public ReadAheadParking(TimeProvider time, TimeSpan gap)
    {
        _time = time;
        _gap = gap;
        _timer = time.CreateTimer(_ => Sweep(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _parked.Count;
            }
        }
    }

    /// <summary>The cursor of a request that ended at <paramref name="offset"/>, if one is parked there.</summary>
    public ReadAheadCursor? Take(MediaObject media, long offset)
    {
        Parked parked;
        lock (_lock)
        {
            if (!_parked.Remove((media.MediaFileId, media.ContentVersion, offset), out parked))
            {
                return null;
            }

            _order.Remove(parked.Node);
            if (parked.Until > Now)
            {
                return parked.Cursor;
            }
        }

        parked.Cursor.Dispose(); // expired, and the sweep has not come yet
        return null;
    }

    /// <summary>Parks the cursor of a request that read up to <paramref name="end"/>, or disposes it when parking is off.</summary>
    public void Park(MediaObject media, long end, ReadAheadCursor cursor)
    {
        if (_gap <= TimeSpan.Zero)
        {
            cursor.Dispose();
            return;
        }

        var released = new List<ReadAheadCursor>();
        lock (_lock)
        {
            var until = Now + _gap.Ticks;
            var key = (media.MediaFileId, media.ContentVersion, end);
            if (_parked.Remove(key, out var previous))
            {
                _order.Remove(previous.Node);
                released.Add(previous.Cursor);
            }

            if (_parked.Count >= Capacity && _order.First is { } oldest)
            {
                _order.RemoveFirst();
                _parked.Remove(oldest.Value, out var dropped);
                released.Add(dropped.Cursor);
            }

            _parked[key] = new Parked(cursor, until, _order.AddLast(key));
            Arm(until);
        }

        Release(released);
    }

    public void Dispose()
    {
        _timer.Dispose();
        List<ReadAheadCursor> all;
        lock (_lock)
        {
            all = [.. _parked.Values.Select(p => p.Cursor)];
            _parked.Clear();
            _order.Clear();
        }

        Release(all);
    }

    private long Now => _time.GetUtcNow().UtcTicks;

    /// <summary>The timer fired: releases expired cursors and re-arms for the rest.</summary>
    private void Sweep()
    {
        var released = new List<ReadAheadCursor>();
        lock (_lock)
        {
            _armedFor = long.MaxValue; // this wake-up is spent, even if it came a little early

            var now = Now;
            while (_order.First is { } oldest && _parked[oldest.Value].Until <= now)
            {
                _order.RemoveFirst();
                _parked.Remove(oldest.Value, out var parked);
                released.Add(parked.Cursor);
            }

            if (_order.First is { } next)
            {
                Arm(_parked[next.Value].Until);
            }
        }

        Release(released);
    }

    /// <summary>Under the lock: makes sure a wake-up comes no later than <paramref name="until"/>.</summary>
    private void Arm(long until)
    {
        if (_armedFor <= until)
        {
            return;
        }

        _armedFor = until;
        _timer.Change(TimeSpan.FromTicks(Math.Max(1, until - Now)), Timeout.InfiniteTimeSpan);
    }

    private static void Release(List<ReadAheadCursor> cursors)
    {
        foreach (var cursor in cursors)
        {
            cursor.Dispose();
        }
    }

    private readonly record struct Parked(ReadAheadCursor Cursor, long Until, LinkedListNode<(long MediaFileId, int Version, long Offset)> Node);
}
