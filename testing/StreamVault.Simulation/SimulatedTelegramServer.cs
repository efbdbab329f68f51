using StreamVault.Vaults.Swarm;

namespace StreamVault.Simulation;

/// <summary>
/// The adversary: answers upload.getFile the way Telegram does and punishes what Telegram punishes. Every request is
/// counted against its session's sliding second; the one over the limit, and every request during a ban, gets
/// FLOOD_WAIT (and is counted). Requests must be 4 KiB aligned and stay inside one 1 MiB window. Files live on a DC;
/// other DCs answer FILE_MIGRATE. Latency, bandwidth and injected faults come from a seeded generator on the
/// <see cref="TimeProvider"/>.
/// </summary>
internal sealed class SimulatedTelegramServer(SimulatedTelegramOptions options, TimeProvider time)
{
    private const int Window = Vaults.Caching.SliceMath.SliceSize;
    private readonly Lock _lock = new();
    private readonly Random _random = new(options.Seed);
    private readonly Dictionary<string, SimulatedFile> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Ledger> _ledgers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _expired = new(StringComparer.Ordinal);
    private long _requests;
    private long _floodWaits;
    private long _whileBenched;
    private long _protocolViolations;
    private long _faults;
    private long _refreshes;
    private long _bytes;
    private int _nextDc;

    public SimulatedTelegramCounters Counters
    {
        get
        {
            lock (_lock)
            {
                return new(_requests, _floodWaits, _whileBenched, _protocolViolations, _faults, _refreshes, _bytes);
            }
        }
    }

    /// <summary>Requests each session sent, for checks of fairness and budget.</summary>
    public IReadOnlyDictionary<string, long> RequestsBySession
    {
        get
        {
            lock (_lock)
            {
                return _ledgers.ToDictionary(l => l.Key, l => l.Value.Requests);
            }
        }
    }

    /// <summary>The largest count of requests one session sent in any sliding second so far.</summary>
    public int PeakRequestsPerSecond
    {
        get
        {
            lock (_lock)
            {
                return _ledgers.Count == 0 ? 0 : _ledgers.Values.Max(l => l.Peak);
            }
        }
    }

    public void Store(string locator, byte[]? bytes, string? path, long length)
    {
        lock (_lock)
        {
            _files[locator] = new SimulatedFile(bytes, path, length, options.Dcs[_nextDc++ % options.Dcs.Count], 0);
        }
    }

    /// <summary>A file whose bytes are computed from the position (see <see cref="SyntheticByte"/>): a library of
    /// hundreds of long titles without holding them.</summary>
    public void AddSynthetic(string locator, long length, int seed)
    {
        lock (_lock)
        {
            _files[locator] = new SimulatedFile(null, null, length, options.Dcs[_nextDc++ % options.Dcs.Count], seed);
        }
    }

    /// <summary>Byte <paramref name="position"/> of a synthetic file: a seeded random block of prime length repeated,
    /// so a slice copied to the wrong place never matches, and filling is a memory copy.</summary>
    public static byte SyntheticByte(int seed, long position) => SyntheticBlock(seed)[(int)(position % SyntheticBlockLength)];

    private const int SyntheticBlockLength = 1_000_003;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte[]> SyntheticBlocks = new();

    private static byte[] SyntheticBlock(int seed) => SyntheticBlocks.GetOrAdd(seed, s =>
    {
        var block = new byte[SyntheticBlockLength];
        new Random(s).NextBytes(block);
        return block;
    });

    private static void FillSynthetic(int seed, long offset, Span<byte> target)
    {
        var block = SyntheticBlock(seed);
        var done = 0;
        while (done < target.Length)
        {
            var at = (int)((offset + done) % SyntheticBlockLength);
            var n = Math.Min(target.Length - done, SyntheticBlockLength - at);
            block.AsSpan(at, n).CopyTo(target[done..]);
            done += n;
        }
    }

    public long LengthOf(string locator)
    {
        lock (_lock)
        {
            return _files.TryGetValue(locator, out var file) ? file.Length : throw new FileNotFoundException("FILE_ID_INVALID", locator);
        }
    }

    public void Remove(string locator)
    {
        lock (_lock)
        {
            _files.Remove(locator);
        }
    }

    public async ValueTask<int> GetFileAsync(string sessionId, int sessionDc, string locator, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        SimulatedFile file;
        TimeSpan latency;
        double roll;
        lock (_lock)
        {
            Admit(sessionId);
            if (offset < 0 || offset % 4096 != 0 || destination.Length == 0 || (offset % Window) + destination.Length > Window)
            {
                _protocolViolations++;
                throw new InvalidOperationException($"LIMIT_INVALID: offset {offset}, limit {destination.Length}");
            }

            if (!_files.TryGetValue(locator, out file!) || offset >= file.Length)
            {
                throw new InvalidOperationException($"FILE_ID_INVALID or OFFSET_INVALID: {locator}@{offset}");
            }

            latency = options.LatencyMin + ((options.LatencyMax - options.LatencyMin) * _random.NextDouble());
            roll = _random.NextDouble();
        }

        if (file.Dc != sessionDc)
        {
            await Task.Delay(latency, time, cancellationToken);
            throw new FileMigrateException(file.Dc);
        }

        var fault = roll;
        if ((fault -= options.TimeoutRate) < 0)
        {
            Count(ref _faults);
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
        }

        if ((fault -= options.ErrorRate) < 0)
        {
            Count(ref _faults);
            await Task.Delay(latency, time, cancellationToken);
            throw new TransientBackendException("INTERNAL_SERVER_ERROR");
        }

        if ((fault -= options.DropRate) < 0)
        {
            Count(ref _faults);
            await Task.Delay(latency / 2, time, cancellationToken);
            throw new IOException("Connection reset by peer");
        }

        var expire = (fault -= options.ReferenceExpiredRate) < 0;
        lock (_lock)
        {
            if (expire)
            {
                _faults++;
                _expired.Add(locator);
            }

            expire = _expired.Contains(locator);
        }

        if (expire)
        {
            await Task.Delay(latency, time, cancellationToken);
            throw new FileReferenceExpiredException();
        }

        var count = (int)Math.Min(destination.Length, file.Length - offset);
        TimeSpan wait;
        lock (_lock)
        {
            // The session's connection is one pipe: transfers queue behind each other at the bandwidth cap.
            var ledger = _ledgers[sessionId];
            var now = time.GetUtcNow().UtcTicks;
            var start = Math.Max(now + latency.Ticks, ledger.NextFree);
            ledger.NextFree = start + (long)(count * (double)TimeSpan.TicksPerSecond / options.BandwidthBytesPerSecond);
            wait = TimeSpan.FromTicks(ledger.NextFree - now);
        }

        await Task.Delay(wait, time, cancellationToken);
        file.CopyTo(offset, destination.Span[..count]);
        Interlocked.Add(ref _bytes, count);
        return count;
    }

    public async ValueTask RefreshAsync(string sessionId, string locator, CancellationToken cancellationToken)
    {
        TimeSpan latency;
        lock (_lock)
        {
            Admit(sessionId);
            latency = options.LatencyMin + ((options.LatencyMax - options.LatencyMin) * _random.NextDouble());
        }

        await Task.Delay(latency, time, cancellationToken);
        lock (_lock)
        {
            _refreshes++;
            _expired.Remove(locator);
        }
    }

    private static void Count(ref long counter) => Interlocked.Increment(ref counter);

    /// <summary>The flood rule; under the lock.</summary>
    private void Admit(string sessionId)
    {
        if (!_ledgers.TryGetValue(sessionId, out var ledger))
        {
            ledger = new Ledger();
            _ledgers[sessionId] = ledger;
        }

        var now = time.GetUtcNow().UtcTicks;
        _requests++;
        ledger.Requests++;
        if (now < ledger.BannedUntil)
        {
            _whileBenched++;
            _floodWaits++;
            throw new FloodWaitException(TimeSpan.FromSeconds(Math.Ceiling(TimeSpan.FromTicks(ledger.BannedUntil - now).TotalSeconds)));
        }

        while (ledger.Recent.Count > 0 && ledger.Recent.Peek() <= now - TimeSpan.TicksPerSecond)
        {
            ledger.Recent.Dequeue();
        }

        ledger.Recent.Enqueue(now);
        ledger.Peak = Math.Max(ledger.Peak, ledger.Recent.Count);
        if (ledger.Recent.Count > options.FloodLimitPerSecond)
        {
            _floodWaits++;
            var wait = options.FloodWait * (1 << Math.Min(ledger.Offences++, 4));
            ledger.BannedUntil = now + wait.Ticks;
            throw new FloodWaitException(wait);
        }
    }

    private sealed class Ledger
    {
        public Queue<long> Recent { get; } = new();

        public long BannedUntil { get; set; }

        public long NextFree { get; set; }

        public int Offences { get; set; }

        public long Requests { get; set; }

        public int Peak { get; set; }
    }

    private sealed record SimulatedFile(byte[]? Bytes, string? Path, long Length, int Dc, int Seed)
    {
        public void CopyTo(long offset, Span<byte> target)
        {
            if (Bytes is not null)
            {
                Bytes.AsSpan((int)offset, target.Length).CopyTo(target);
            }
            else if (Path is not null)
            {
                // Synchronous on purpose: inside a virtual-time run nothing may leave for the thread pool.
                using var handle = File.OpenHandle(Path);
                RandomAccess.Read(handle, target, offset);
            }
            else if (Seed != 0)
            {
                FillSynthetic(Seed, offset, target);
            }

            // Seed 0 without bytes: a hollow file for capacity runs, whose payload nobody reads.
        }
    }
}
