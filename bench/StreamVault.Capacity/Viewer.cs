namespace StreamVault.Capacity;

/// <summary>How one simulated viewer behaves: when it comes, how long it watches, where it seeks and pauses.</summary>
internal sealed record ViewerPlan(TimeSpan Arrival, double WatchSeconds, IReadOnlyList<(double AtPlayed, double ToFraction)> Seeks, IReadOnlyList<(double AtPlayed, double Seconds)> Pauses);

/// <summary>What one viewer lived through.</summary>
internal sealed class ViewerOutcome
{
    public double StartupSeconds { get; set; } = double.NaN;

    public List<double> SeekSeconds { get; } = [];

    public int Stalls { get; set; }

    public double StallSeconds { get; set; }

    public double PlayedSeconds { get; set; }
}

/// <summary>Opens one open-ended range request at an offset and writes its body into the player's sink until the end,
/// or until cancelled (a seek or a quit).</summary>
internal delegate Task OpenRange(long offset, Stream sink, CancellationToken cancellationToken);

/// <summary>
/// A video player, the same on virtual time (the capacity tool, bytes straight from the engine) and on real time (the
/// real-time tool, bytes over HTTP): it opens one open-ended range request, keeps up to <see cref="BufferTarget"/>
/// seconds buffered (its sink stops accepting beyond that, as a media stack stops reading its socket), starts and
/// resumes at <see cref="StartThreshold"/> seconds, plays at the bitrate, and on a seek drops the request and opens
/// another.
/// </summary>
internal sealed class Viewer(OpenRange open, long mediaLength, double bytesPerSecond, ViewerPlan plan, TimeProvider time)
{
    private const double BufferTarget = 30;
    private const double StartThreshold = 2;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);
    private readonly Lock _lock = new();
    private double _buffered; // bytes received not yet played; the sink adds (on real time from another thread), playback takes

    public ViewerOutcome Outcome { get; } = new();

    private double Buffered
    {
        get
        {
            lock (_lock)
            {
                return _buffered;
            }
        }
    }

    public async Task RunAsync()
    {
        await Task.Delay(plan.Arrival, time);
        var seeks = new Queue<(double AtPlayed, double ToFraction)>(plan.Seeks.OrderBy(s => s.AtPlayed));
        var pauses = new Queue<(double AtPlayed, double Seconds)>(plan.Pauses.OrderBy(p => p.AtPlayed));
        var waitingSince = time.GetTimestamp();
        var starting = true;
        var stalled = false;
        double pausedFor = 0;
        var (download, cancel) = Open(0);
        var giveUp = time.GetTimestamp() + (long)(TimeSpan.FromSeconds(plan.WatchSeconds + 600).TotalSeconds * time.TimestampFrequency);
        var lastTick = time.GetTimestamp();
        while (Outcome.PlayedSeconds < plan.WatchSeconds && time.GetTimestamp() < giveUp)
        {
            await Task.Delay(Tick, time);
            // The time that really passed: on real time a loaded machine wakes the player late, and playback goes on.
            var dt = time.GetElapsedTime(lastTick).TotalSeconds;
            lastTick = time.GetTimestamp();
            if (pausedFor > 0)
            {
                pausedFor -= dt;
                continue;
            }

            if (starting || stalled)
            {
                if (stalled)
                {
                    Outcome.StallSeconds += dt;
                }

                if (Buffered >= StartThreshold * bytesPerSecond || download.IsCompleted)
                {
                    if (starting)
                    {
                        var waited = time.GetElapsedTime(waitingSince).TotalSeconds;
                        if (double.IsNaN(Outcome.StartupSeconds))
                        {
                            Outcome.StartupSeconds = waited;
                        }
                        else
                        {
                            Outcome.SeekSeconds.Add(waited);
                        }
                    }

                    starting = stalled = false;
                }

                continue;
            }

            var want = dt * bytesPerSecond;
            lock (_lock)
            {
                if (_buffered >= want || download.IsCompletedSuccessfully)
                {
                    _buffered = Math.Max(0, _buffered - want);
                    Outcome.PlayedSeconds += dt;
                }
                else
                {
                    Outcome.PlayedSeconds += _buffered / bytesPerSecond;
                    _buffered = 0;
                    stalled = true;
                    Outcome.Stalls++;
                }
            }

            if (pauses.Count > 0 && Outcome.PlayedSeconds >= pauses.Peek().AtPlayed)
            {
                pausedFor = pauses.Dequeue().Seconds;
            }

            if (seeks.Count > 0 && Outcome.PlayedSeconds >= seeks.Peek().AtPlayed)
            {
                var target = (long)(seeks.Dequeue().ToFraction * mediaLength);
                await CloseAsync(download, cancel);
                lock (_lock)
                {
                    _buffered = 0;
                }

                (download, cancel) = Open(target);
                starting = true;
                waitingSince = time.GetTimestamp();
            }
        }

        await CloseAsync(download, cancel);
    }

    private (Task Download, CancellationTokenSource Cancel) Open(long offset)
    {
        var cancel = new CancellationTokenSource();
        return (open(offset, new PlayerSink(this, bytesPerSecond, time), cancel.Token), cancel);
    }

    private static async Task CloseAsync(Task download, CancellationTokenSource cancel)
    {
        cancel.Cancel();
        try
        {
            await download;
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is IOException or System.Net.Http.HttpRequestException && cancel.IsCancellationRequested)
        {
            // Real time: the connection was dropped under a read that was about to be cancelled anyway.
        }

        cancel.Dispose();
    }

    /// <summary>The player's socket: accepts bytes while the buffer is below target, then pushes back.</summary>
    private sealed class PlayerSink(Viewer viewer, double bytesPerSecond, TimeProvider time) : Stream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            double buffered;
            lock (viewer._lock)
            {
                buffered = viewer._buffered += buffer.Length;
            }

            while ((buffered = viewer.Buffered) > BufferTarget * bytesPerSecond)
            {
                var excess = (buffered - (BufferTarget * bytesPerSecond)) / bytesPerSecond;
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.5, excess)), time, cancellationToken);
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
