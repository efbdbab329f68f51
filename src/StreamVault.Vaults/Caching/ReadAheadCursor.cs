namespace StreamVault.Vaults.Caching;

/// <summary>
/// Read-ahead for one sequential reader (one range request, or a run of bounded ones that continue each other: see
/// <see cref="ReadAheadParking"/>). It measures the reader's pace in seconds per slice (a
/// player whose buffer is full pulls at the bitrate, so the pace is the bitrate) and keeps
/// <see cref="SliceCacheOptions.ReadAheadSeconds"/> of it fetched ahead, shrunk when the vault's spare budget falls
/// below half. Disposing it (the request ended: a seek, a pause that closed the connection, a disconnect) releases
/// its read-ahead: fetches still queued are cancelled, those already sent finish into the cache.
/// Each fetch carries when the viewer's playback is expected to reach its slice (<see cref="SliceFetchTicket.Due"/>):
/// the player needs <see cref="SliceCacheOptions.StartupBufferSeconds"/> of media at once to start, then playback runs
/// at the media's bitrate from the moment the request came in. That is pessimistic by the time the start-up took, and
/// more so after a stall, which errs towards the viewer who needs it; a viewer whose player holds a long buffer has far
/// due times and waits for those who do not. Without a bitrate the measured pace stands in.
/// </summary>
internal sealed class ReadAheadCursor(
    SliceFlights flights,
    MediaObject media,
    int lastIndex,
    SliceCacheOptions options,
    TimeProvider time,
    Func<double> spareBudget,
    long startOffset) : IDisposable
{
    private const double PaceSmoothing = 0.3;
    private readonly long _startedAt = time.GetUtcNow().UtcTicks;
    private readonly SortedDictionary<int, SliceFlights.Flight> _ahead = [];
    private int _previous = -1;
    private long _previousStamp;
    private double _secondsPerSlice = double.NaN;
    private int _lastIndex = lastIndex;

    public int Depth { get; private set; }

    public IReadOnlyCollection<int> Pending => _ahead.Keys;

    /// <summary>Lets read-ahead run up to <paramref name="lastIndex"/>: the reader has shown it goes on past its request.</summary>
    public void ExtendTo(int lastIndex) => _lastIndex = Math.Max(_lastIndex, lastIndex);

    /// <summary>The reader is about to read slice <paramref name="index"/>; schedule what follows it.</summary>
    public void Advance(int index)
    {
        var now = time.GetTimestamp();
        if (_previous >= 0 && index == _previous + 1)
        {
            var seconds = time.GetElapsedTime(_previousStamp, now).TotalSeconds;
            _secondsPerSlice = double.IsNaN(_secondsPerSlice) ? seconds : (PaceSmoothing * seconds) + ((1 - PaceSmoothing) * _secondsPerSlice);
        }

        _previous = index;
        _previousStamp = now;

        // Slices the reader reached (or skipped) are demand now: drop our read-ahead hold on them.
        while (_ahead.Count > 0 && _ahead.First() is var first && first.Key <= index)
        {
            _ahead.Remove(first.Key);
            flights.Leave(first.Value, demand: false);
        }

        Depth = ComputeDepth();
        for (var next = index + 1; next <= Math.Min(_lastIndex, index + Depth); next++)
        {
            if (!_ahead.ContainsKey(next) && flights.Prefetch(media, next, DueOf(next, index)) is { } flight)
            {
                _ahead[next] = flight;
            }
        }
    }

    public void Dispose()
    {
        foreach (var flight in _ahead.Values)
        {
            flights.Leave(flight, demand: false);
        }

        _ahead.Clear();
    }

    /// <summary>When playback reaches slice <paramref name="next"/>, the reader being at <paramref name="index"/>.</summary>
    internal long DueOf(int next, int index)
    {
        if (media.BytesPerSecond > 0)
        {
            var seconds = ((((long)next * SliceMath.SliceSize) - startOffset) / media.BytesPerSecond) - options.StartupBufferSeconds;
            return _startedAt + (long)(Math.Max(0, seconds) * TimeSpan.TicksPerSecond);
        }

        // Without a bitrate, the slice the reader is at is due now and later ones at the measured pace; before the pace is
        // known, after everything estimated.
        var now = time.GetUtcNow().UtcTicks;
        return next <= index ? now
            : double.IsNaN(_secondsPerSlice) ? SliceFetchTicket.Unestimated
            : now + (long)((next - index) * _secondsPerSlice * TimeSpan.TicksPerSecond);
    }

    private int ComputeDepth()
    {
        if (options.MaxReadAheadSlices == 0)
        {
            return 0;
        }

        // Before the pace is known, two slices: enough to hide one request's latency without betting on the bitrate.
        var wanted = double.IsNaN(_secondsPerSlice)
            ? 2
            : (int)Math.Ceiling(options.ReadAheadSeconds / Math.Max(_secondsPerSlice, 0.001));
        wanted = Math.Clamp(wanted, 1, options.MaxReadAheadSlices);
        var budgetFactor = Math.Min(1, spareBudget() / 0.5);
        return Math.Max(1, (int)Math.Round(wanted * budgetFactor));
    }
}
