using StreamVault.Simulation;
using StreamVault.Vaults;

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

/// <summary>
/// A video player on virtual time: it opens one open-ended range request, keeps up to <see cref="BufferTarget"/>
/// seconds buffered (its writes block beyond that, as TCP back-pressure does), starts and resumes at
/// <see cref="StartThreshold"/> seconds, plays at the bitrate, and on a seek drops the request and opens another.
/// </summary>
internal sealed class Viewer(IMediaByteSource source, MediaObject media, double bytesPerSecond, ViewerPlan plan, TimeProvider time)
{
    private const double BufferTarget = 30;
    private const double StartThreshold = 2;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);
    private double _buffered; // bytes received not yet played

    public ViewerOutcome Outcome { get; } = new();

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
        while (Outcome.PlayedSeconds < plan.WatchSeconds && time.GetTimestamp() < giveUp)
        {
            await Task.Delay(Tick, time);
            var dt = Tick.TotalSeconds;
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

                if (_buffered >= StartThreshold * bytesPerSecond || download.IsCompleted)
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

            if (pauses.Count > 0 && Outcome.PlayedSeconds >= pauses.Peek().AtPlayed)
            {
                pausedFor = pauses.Dequeue().Seconds;
            }

            if (seeks.Count > 0 && Outcome.PlayedSeconds >= seeks.Peek().AtPlayed)
            {
                var target = (long)(seeks.Dequeue().ToFraction * media.Length);
                await CloseAsync(download, cancel);
                _buffered = 0;
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
        var sink = new StreamFlushWriter(new PlayerSink(this, bytesPerSecond, time));
        return (source.CopyRangeAsync(media, offset, media.Length - offset, sink, cancel.Token), cancel);
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

        cancel.Dispose();
    }

    /// <summary>The player's socket: accepts bytes while the buffer is below target, then pushes back.</summary>
    private sealed class PlayerSink(Viewer viewer, double bytesPerSecond, TimeProvider time) : Stream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            viewer._buffered += buffer.Length;
            while (viewer._buffered > BufferTarget * bytesPerSecond)
            {
                var excess = (viewer._buffered - (BufferTarget * bytesPerSecond)) / bytesPerSecond;
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
