using StreamVault.Simulation;
using StreamVault.Vaults.Caching;

namespace StreamVault.Vaults.Tests.Caching;

public sealed class ReadAheadTests
{
    /// <summary>A player: each write (a slice) waits until it has been "played", like a full buffer pushing back.</summary>
    private sealed class PlayerSink(TimeProvider time, TimeSpan perWrite, CancellationToken stall = default) : Stream
    {
        public MemoryStream Received { get; } = new();

        public bool BlockAfterFirstWrite { get; init; }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Received.Write(buffer.Span);
            if (BlockAfterFirstWrite)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, time, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall).Token);
            }

            await Task.Delay(perWrite, time, cancellationToken);
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Received.Length;

        public override long Position { get => Received.Length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void A_sequential_reader_is_served_from_read_ahead_without_duplicate_requests()
    {
        using var bed = new TestBed(new SimulatedTelegramOptions { Sessions = 1 });
        var content = TestBed.RandomBytes(12 * SliceMath.SliceSize, 31);
        var media = bed.Put(1, content);
        var sink = new PlayerSink(bed.Loop, TimeSpan.FromSeconds(1.6)); // ~5 Mbit/s

        bed.Loop.Run(() => TestBed.CopyAsync(bed.Source, media, 0, content.Length, sink));

        Assert.Equal(content, sink.Received.ToArray());
        Assert.Equal(12, bed.Server.Counters.Requests);
        Assert.True(bed.Counters.ReadAheadFetches >= 10, $"read-ahead fetched {bed.Counters.ReadAheadFetches}");
        Assert.True(bed.Counters.Hits >= 10, $"hits {bed.Counters.Hits}");
    }

    [Fact]
    public void A_seek_cancels_the_read_ahead_still_waiting_for_budget()
    {
        // One request per second and no reserve: read-ahead of slice 1 waits in the queue behind slice 0.
        using var bed = new TestBed(
            new SimulatedTelegramOptions { Sessions = 1, Swarm = new() { RequestsPerSecond = 1, Burst = 1, ReadAheadReserve = 0 } },
            new SliceCacheOptions { CapacityBytes = 64L * SliceMath.SliceSize });
        var content = TestBed.RandomBytes(20 * SliceMath.SliceSize, 32);
        var media = bed.Put(2, content);

        var seekResult = bed.Loop.Run(async () =>
        {
            using var firstRequest = new CancellationTokenSource();
            var sink = new PlayerSink(bed.Loop, TimeSpan.Zero) { BlockAfterFirstWrite = true };
            var playing = TestBed.CopyAsync(bed.Source, media, 0, content.Length, sink, firstRequest.Token);
            await Task.Delay(TimeSpan.FromMilliseconds(500), bed.Loop);
            Assert.True(bed.Vault.Swarm.Snapshot().QueuedReadAhead >= 1); // budget is spent: depth shrank to one

            firstRequest.Cancel(); // the player seeks: it drops the request and opens another
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => playing);
            Assert.Equal(0, bed.Vault.Swarm.Snapshot().QueuedReadAhead);
            var afterSeek = await bed.ReadAsync(media, 15L * SliceMath.SliceSize, 1000);
            await Task.Delay(TimeSpan.FromSeconds(10), bed.Loop);
            return afterSeek;
        });

        Assert.Equal(content.AsSpan(15 * SliceMath.SliceSize, 1000).ToArray(), seekResult);
        Assert.Equal(2, bed.Server.Counters.Requests); // slice 0, then the seek target; never the stale read-ahead
        Assert.False(bed.Store.Contains(new SliceKey(2, 1, 1)));
        Assert.False(bed.Store.Contains(new SliceKey(2, 1, 2)));
    }

    [Theory]
    [InlineData(5, 2)]
    [InlineData(0, 12)]
    public void Bounded_requests_that_continue_each_other_keep_one_read_ahead(int gapSeconds, int expectedMisses)
    {
        // A Safari-like player: twelve 1 MiB requests, each where the last ended, played at about 5 Mbit/s.
        using var bed = new TestBed(
            new SimulatedTelegramOptions { Sessions = 1 },
            new SliceCacheOptions { CapacityBytes = 64L * SliceMath.SliceSize, SequentialGap = TimeSpan.FromSeconds(gapSeconds) });
        var content = TestBed.RandomBytes(12 * SliceMath.SliceSize, 33);
        var media = bed.Put(4, content);

        var received = bed.Loop.Run(async () =>
        {
            using var all = new MemoryStream();
            for (var i = 0; i < 12; i++)
            {
                all.Write(await bed.ReadAsync(media, (long)i * SliceMath.SliceSize, SliceMath.SliceSize));
                await Task.Delay(TimeSpan.FromSeconds(1.6), bed.Loop);
            }

            return all.ToArray();
        });

        Assert.Equal(content, received);
        Assert.Equal(12, bed.Server.Counters.Requests); // read-ahead never fetches a slice twice
        // With the gap, each request continues the last one's read-ahead: only the first two wait for Telegram.
        // Without it every request starts cold and waits.
        Assert.Equal(expectedMisses, bed.Counters.Misses);
        Assert.Equal(0, bed.Source.ParkedCursors); // 1.6 s apart is inside the gap; the last cursor expired after it
    }

    [Fact]
    public void Read_ahead_nobody_continues_is_cancelled_once_the_gap_has_passed()
    {
        // One request per ten seconds: read-ahead waits in the queue long enough to watch it go.
        using var bed = new TestBed(
            new SimulatedTelegramOptions { Sessions = 1, Swarm = new() { RequestsPerSecond = 0.1, Burst = 1, WindowLimit = 1, ReadAheadReserve = 0 } },
            new SliceCacheOptions { CapacityBytes = 64L * SliceMath.SliceSize, SequentialGap = TimeSpan.FromSeconds(5) });
        var content = TestBed.RandomBytes(8 * SliceMath.SliceSize, 34);
        var media = bed.Put(5, content);

        var (parkedWhileWaiting, queuedWhileWaiting, parkedAfter, queuedAfter) = bed.Loop.Run(async () =>
        {
            await bed.ReadAsync(media, 0, SliceMath.SliceSize);
            await bed.ReadAsync(media, SliceMath.SliceSize, SliceMath.SliceSize); // continues: read-ahead of 2.. is queued
            await Task.Delay(TimeSpan.FromSeconds(2), bed.Loop);
            var during = (bed.Source.ParkedCursors, bed.Vault.Swarm.Snapshot().QueuedReadAhead);
            await Task.Delay(TimeSpan.FromSeconds(4), bed.Loop); // the viewer never asks again
            var after = (bed.Source.ParkedCursors, bed.Vault.Swarm.Snapshot().QueuedReadAhead);
            await Task.Delay(TimeSpan.FromSeconds(30), bed.Loop);
            return (during.ParkedCursors, during.QueuedReadAhead, after.ParkedCursors, after.QueuedReadAhead);
        });

        Assert.Equal(1, parkedWhileWaiting);
        Assert.True(queuedWhileWaiting >= 1, $"queued read-ahead {queuedWhileWaiting}");
        Assert.Equal(0, parkedAfter);
        Assert.Equal(0, queuedAfter);
        Assert.Equal(2, bed.Server.Counters.Requests); // the stale read-ahead never reached Telegram
    }

    [Fact]
    public void Read_ahead_depth_follows_the_bitrate_and_shrinks_when_budget_is_short()
    {
        using var bed = new TestBed();
        var media = bed.Put(3, new byte[100 * SliceMath.SliceSize]);
        var options = new SliceCacheOptions { ReadAheadSeconds = 6, MaxReadAheadSlices = 24 };
        var spare = 1.0;

        int DepthAt(double secondsPerSlice)
        {
            return bed.Loop.Run(async () =>
            {
                using var cursor = new ReadAheadCursor(bed.Flights, media, 99, options, bed.Loop, () => spare, startOffset: 0);
                for (var i = 0; i < 10; i++)
                {
                    cursor.Advance(i);
                    await Task.Delay(TimeSpan.FromSeconds(secondsPerSlice), bed.Loop);
                }

                return cursor.Depth;
            });
        }

        var slow = DepthAt(1.6);   // ~5 Mbit/s: 6 s ≈ 4 slices
        var fast = DepthAt(0.13);  // ~65 Mbit/s: capped
        spare = 0.1;
        var starved = DepthAt(0.13);

        Assert.Equal(4, slow);
        Assert.Equal(24, fast);
        Assert.True(starved < 24 / 2, $"starved depth {starved}");
    }

    [Fact]
    public void A_slice_is_due_when_playback_from_the_requests_start_reaches_it()
    {
        using var bed = new TestBed();
        var media = bed.Put(4, new byte[20 * SliceMath.SliceSize]) with { BytesPerSecond = 2 * SliceMath.SliceSize };
        var options = new SliceCacheOptions { StartupBufferSeconds = 1 };
        var started = bed.Loop.GetUtcNow().UtcTicks;
        using var cursor = new ReadAheadCursor(bed.Flights, media, 19, options, bed.Loop, () => 1, startOffset: SliceMath.SliceSize / 2);

        // 4.5 MiB after the request's offset at 2 MiB/s, less the second the player gathers before it starts: 1.25 s
        // after the request came in, wherever the reader is by then.
        Assert.Equal(started + TimeSpan.FromSeconds(1.25).Ticks, cursor.DueOf(5, 1));
        Assert.Equal(started, cursor.DueOf(1, 0)); // inside the start-up buffer: due at once

        var unknown = bed.Put(5, new byte[20 * SliceMath.SliceSize]);
        using var blind = new ReadAheadCursor(bed.Flights, unknown, 19, options, bed.Loop, () => 1, startOffset: 0);
        Assert.Equal(SliceFetchTicket.Unestimated, blind.DueOf(3, 1)); // no bitrate, no pace yet
    }

    [Fact]
    public void A_seek_is_served_before_readers_whose_players_are_far_ahead_even_though_they_asked_first()
    {
        // One session at 2 requests/s, no read-ahead: every fetch is a reader waiting. Four readers have pulled far
        // ahead of playback (the title plays at a tenth of a slice per second) and each waits on its next slice; a
        // fifth viewer seeks. Served by who asked first, the seek would wait behind the four (about 2 s); served by
        // when playback needs the slice, it goes next.
        using var bed = new TestBed(
            new SimulatedTelegramOptions { Sessions = 1, LatencyMin = TimeSpan.FromMilliseconds(50), LatencyMax = TimeSpan.FromMilliseconds(50), Swarm = new() { RequestsPerSecond = 2, Burst = 1, WindowLimit = 2, ReadAheadReserve = 0, WindowMargin = TimeSpan.Zero } },
            new SliceCacheOptions { CapacityBytes = 256L * SliceMath.SliceSize, MaxReadAheadSlices = 0, StartupBufferSeconds = 0, HedgeAfter = TimeSpan.Zero });
        var media = bed.Put(6, new byte[200 * SliceMath.SliceSize]) with { BytesPerSecond = SliceMath.SliceSize / 10.0 };
        var seekWaited = bed.Loop.Run(async () =>
        {
            using var stop = new CancellationTokenSource();
            var ahead = Enumerable.Range(0, 4)
                .Select(i => bed.Source.CopyRangeAsync(media, i * 40L * SliceMath.SliceSize, 40L * SliceMath.SliceSize, TestBed.PipeTo(Stream.Null), stop.Token))
                .ToList();
            await Task.Delay(TimeSpan.FromSeconds(6), bed.Loop); // each of the four is ahead of its playback and waits on a fetch
            var asked = bed.Loop.GetTimestamp();
            await bed.Source.CopyRangeAsync(media, 170L * SliceMath.SliceSize, 4096, TestBed.PipeTo(Stream.Null), CancellationToken.None);
            var waited = bed.Loop.GetElapsedTime(asked);
            await stop.CancelAsync();
            foreach (var reader in ahead)
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader);
            }

            return waited;
        });

        Assert.True(seekWaited < TimeSpan.FromSeconds(0.7), $"the seek waited {seekWaited.TotalSeconds:F2} s");
    }

    [Fact]
    public void A_cursor_found_expired_before_its_timer_fired_is_released()
    {
        // A clock whose timers never fire: the expiry is found by the request that comes too late, not by the timer.
        using var bed = new TestBed(new SimulatedTelegramOptions { Sessions = 1, Swarm = new() { RequestsPerSecond = 1, Burst = 1 } });
        var media = bed.Put(7, new byte[20 * SliceMath.SliceSize]);
        var clock = new SilentClock();
        using var parking = new ReadAheadParking(clock, TimeSpan.FromSeconds(5));
        using var cursor = new ReadAheadCursor(bed.Flights, media, 19, new SliceCacheOptions(), bed.Loop, () => 1, startOffset: 0);
        cursor.Advance(0); // read-ahead for slices 1 and 2, queued behind the budget
        Assert.NotEmpty(cursor.Pending);

        parking.Park(media, SliceMath.SliceSize, cursor);
        clock.Now += TimeSpan.FromSeconds(6);

        Assert.Null(parking.Take(media, SliceMath.SliceSize));
        Assert.Empty(cursor.Pending); // its holds on the queued fetches were let go
    }

    private sealed class SilentClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new Silent();

        private sealed class Silent : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
