using System.Collections.Concurrent;
using System.Net;

namespace StreamVault.Delivery.Streaming;

/// <summary>
/// "Viewers now" on this node: the distinct (client address, media file) pairs that have a byte request in flight or
/// had one answered within <see cref="ActiveViewers.Window"/>. A player asks for ranges in bursts and waits between them
/// once its buffer is full, so requests in flight alone would count a watching viewer as gone; a minute covers the
/// pauses of every player we know. Viewers behind one address watching one file count once.
/// </summary>
public interface IActiveViewers
{
    int CountNow();
}

internal sealed class ActiveViewers(TimeProvider time) : IActiveViewers
{
    private readonly TimeProvider _time = time;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Every tracked pair costs ~150 bytes; past this many, stale pairs are pruned at once and new ones are not tracked
    // until there is room (the figure saturates instead of the memory growing). Each pair needs a valid signed link.
    internal const int MaxTracked = 100_000;

    private readonly ConcurrentDictionary<(IPAddress? Client, string File), Tracked> _streams = new();
    private long _lastPrune;

    /// <summary>A byte request began; disposing the lease ends it (the request's end, through RegisterForDispose).</summary>
    public IDisposable Begin(IPAddress? client, string publicId)
    {
        var now = _time.GetTimestamp();
        // A prune walks every pair: once a window, or once a second while the table is full (not on every range).
        var sincePrune = _time.GetElapsedTime(Volatile.Read(ref _lastPrune), now);
        if (sincePrune > Window || (_streams.Count >= MaxTracked && sincePrune >= TimeSpan.FromSeconds(1)))
        {
            Prune(now);
        }

        if (!_streams.TryGetValue((client, publicId), out var stream))
        {
            if (_streams.Count >= MaxTracked)
            {
                return Lease.None;
            }

            stream = _streams.GetOrAdd((client, publicId), static _ => new Tracked());
        }

        // A prune racing this line may drop the entry just found: this one request then goes uncounted, and the
        // viewer's next range adds it back. Cheaper than a lock on every range.
        Interlocked.Increment(ref stream.InFlight);
        Volatile.Write(ref stream.LastSeen, now);
        return new Lease(this, stream);
    }

    public int CountNow()
    {
        var now = _time.GetTimestamp();
        return _streams.Values.Count(s => IsActive(s, now));
    }

    /// <summary>Byte requests not yet ended (tests wait on it before moving the clock).</summary>
    internal int InFlight() => _streams.Values.Sum(s => Volatile.Read(ref s.InFlight));

    private bool IsActive(Tracked stream, long now) =>
        Volatile.Read(ref stream.InFlight) > 0 || _time.GetElapsedTime(Volatile.Read(ref stream.LastSeen), now) <= Window;

    private void Prune(long now)
    {
        Volatile.Write(ref _lastPrune, now);
        foreach (var (key, stream) in _streams)
        {
            if (!IsActive(stream, now))
            {
                _streams.TryRemove(key, out _);
            }
        }
    }

    private sealed class Tracked
    {
        public int InFlight;
        public long LastSeen;
    }

    private sealed class Lease(ActiveViewers? owner, Tracked? stream) : IDisposable
    {
        public static readonly Lease None = new(null, null);

        private int _disposed;

        public void Dispose()
        {
            if (owner is null || stream is null || Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            // Last seen is when the answer ended, so a long range counts for a minute after its last byte.
            Volatile.Write(ref stream.LastSeen, owner._time.GetTimestamp());
            Interlocked.Decrement(ref stream.InFlight);
        }
    }
}
