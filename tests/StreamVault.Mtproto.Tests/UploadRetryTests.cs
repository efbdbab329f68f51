using Microsoft.Extensions.Time.Testing;
using StreamVault.Mtproto.TestServer;

namespace StreamVault.Mtproto.Tests;

/// <summary>The uploader retries one part in place: FLOOD_WAIT waited out on the client's clock, transient errors
/// re-sent, a part that keeps failing ends the upload with <see cref="UploadFailedException"/>.</summary>
public class UploadRetryTests
{
    private const int PartSize = FileParts.UploadPartSize;

    // Above the 10 MiB small-file limit, so the parts go as upload.saveBigFilePart; 23 parts, the last one short.
    private const int BigFile = (11 * 1024 * 1024) + 7;

    private static async Task<(TestServer.TestServer Server, TelegramClient Client, TelegramChannel Channel)> SetupAsync(
        TimeProvider? time = null, Action<TelegramClientOptions>? configure = null)
    {
        var server = await TestServer.TestServer.StartAsync(options: new TestServerOptions { Time = time ?? TimeProvider.System });
        server.AddBot("1:bot");
        server.AddChannel("vault");
        var options = ServerFixture.Options(server);
        options.Time = time ?? TimeProvider.System;
        options.UploadRetryBackoff = TimeSpan.FromMilliseconds(5);
        configure?.Invoke(options);
        var client = new TelegramClient(options);
        await client.ConnectAsync(ServerFixture.Ct());
        await client.LoginBotAsync("1:bot", ServerFixture.Ct());
        var channel = await client.ResolveChannelAsync("vault", ServerFixture.Ct());
        return (server, client, channel);
    }

    private static int[] ExpectedArrivals(int parts, int repeatedPart, int times = 2) =>
        [.. Enumerable.Range(0, parts).SelectMany(p => Enumerable.Repeat(p, p == repeatedPart ? times : 1))];

    public enum Fault
    {
        Internal500,
        Timeout503,
        DroppedConnection,
    }

    [Theory]
    [InlineData(Fault.Internal500)]
    [InlineData(Fault.Timeout503)]
    [InlineData(Fault.DroppedConnection)]
    public async Task A_part_failing_once_is_resent_alone_and_the_file_arrives_intact(Fault fault)
    {
        var (server, client, channel) = await SetupAsync();
        await using var s = server;
        await using var c = client;
        switch (fault)
        {
            case Fault.Internal500:
                server.Faults.FailUploadPart(5, 500, "INTERNAL");
                break;
            case Fault.Timeout503:
                server.Faults.FailUploadPart(5, -503, "Timeout");
                break;
            default:
                server.Faults.DropConnectionOnUploadPart(5);
                break;
        }

        var data = ServerFixture.Data(BigFile);
        var reported = new List<long>();
        var uploaded = await client.UploadDocumentAsync(channel, "movie.mkv", new MemoryStream(data), new SyncProgress(reported), ServerFixture.Ct());

        Assert.Equal(data, server.DocumentBytes(uploaded.DocumentId));
        const int parts = (BigFile + PartSize - 1) / PartSize;
        Assert.Equal(ExpectedArrivals(parts, 5), server.UploadPartArrivals.Select(a => a.Part));
        Assert.Single(server.UploadPartArrivals.Select(a => a.FileId).Distinct());
        Assert.Equal(1, server.CallCount("messages.sendMedia"));
        // Progress counts each part once, retries included.
        Assert.Equal(parts, reported.Count);
        Assert.Equal(BigFile, reported[^1]);
    }

    [Fact]
    public async Task Flood_wait_on_a_part_is_waited_out_in_full_on_the_clients_clock()
    {
        var time = new WatchedTime(DateTimeOffset.UtcNow);
        var retries = new List<UploadRetry>();
        var (server, client, channel) = await SetupAsync(time, o => o.UploadRetrying = r => { lock (retries) { retries.Add(r); } });
        await using var s = server;
        await using var c = client;
        server.Faults.FailUploadPart(3, 420, "FLOOD_WAIT_5");
        var data = ServerFixture.Data(BigFile);

        var upload = client.UploadDocumentAsync(channel, "flood.mkv", new MemoryStream(data), null, ServerFixture.Ct());
        await time.TimerCreated(TimeSpan.FromSeconds(5)).WaitAsync(ServerFixture.Timeout);

        // Just short of the five seconds nothing is re-sent.
        time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(200);
        Assert.False(upload.IsCompleted);
        Assert.Equal([0, 1, 2, 3], server.UploadPartArrivals.Select(a => a.Part));

        time.Advance(TimeSpan.FromMilliseconds(1));
        var uploaded = await upload.WaitAsync(ServerFixture.Timeout);

        Assert.Equal(data, server.DocumentBytes(uploaded.DocumentId));
        var arrivals = server.UploadPartArrivals;
        Assert.Equal(ExpectedArrivals(23, 3), arrivals.Select(a => a.Part));
        var firstTry = arrivals.First(a => a.Part == 3);
        var retry = arrivals.Last(a => a.Part == 3);
        Assert.True(retry.At - firstTry.At >= TimeSpan.FromSeconds(5), $"the retry came {retry.At - firstTry.At} after FLOOD_WAIT_5");
        var reported = Assert.Single(retries);
        Assert.Equal(3, reported.Part);
        Assert.Equal(TimeSpan.FromSeconds(5), reported.Delay);
        Assert.IsType<FloodWaitException>(reported.Error);
    }

    [Fact]
    public async Task A_part_failing_on_every_attempt_fails_the_upload_with_the_part_named()
    {
        var (server, client, channel) = await SetupAsync(configure: o => o.UploadAttempts = 3);
        await using var s = server;
        await using var c = client;
        server.Faults.FailUploadPart(2, 500, "INTERNAL", times: 10);

        var e = await Assert.ThrowsAsync<UploadFailedException>(
            () => client.UploadDocumentAsync(channel, "doomed.mkv", new MemoryStream(ServerFixture.Data(BigFile)), null, ServerFixture.Ct()));

        Assert.Equal(2, e.Part);
        Assert.Equal(3, e.Attempts);
        Assert.Equal(500, Assert.IsType<RpcErrorException>(e.InnerException).Code);
        Assert.Contains("part 3 of 23", e.Message, StringComparison.Ordinal);
        Assert.Equal([0, 1, 2, 2, 2], server.UploadPartArrivals.Select(a => a.Part));
        Assert.Equal(0, server.CallCount("messages.sendMedia"));
    }

    [Fact]
    public async Task A_final_error_is_not_retried()
    {
        var (server, client, channel) = await SetupAsync();
        await using var s = server;
        await using var c = client;
        server.Faults.FailUploadPart(0, 400, "FILE_PART_INVALID");

        var e = await Assert.ThrowsAsync<RpcErrorException>(
            () => client.UploadDocumentAsync(channel, "bad.bin", new MemoryStream(ServerFixture.Data(1000)), null, ServerFixture.Ct()));

        Assert.Equal("FILE_PART_INVALID", e.ErrorMessage);
        Assert.Single(server.UploadPartArrivals);
    }

    [Fact]
    public async Task Cancelling_during_a_flood_wait_ends_the_upload()
    {
        var time = new WatchedTime(DateTimeOffset.UtcNow);
        var (server, client, channel) = await SetupAsync(time);
        await using var s = server;
        await using var c = client;
        server.Faults.FailUploadPart(1, 420, "FLOOD_WAIT_30");
        using var cts = new CancellationTokenSource(ServerFixture.Timeout);

        var upload = client.UploadDocumentAsync(channel, "cancel.bin", new MemoryStream(ServerFixture.Data(3 * PartSize)), null, cts.Token);
        await time.TimerCreated(TimeSpan.FromSeconds(30)).WaitAsync(ServerFixture.Timeout);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload.WaitAsync(ServerFixture.Timeout));
        Assert.Equal([0, 1], server.UploadPartArrivals.Select(a => a.Part));
    }

    private sealed class SyncProgress(List<long> into) : IProgress<long>
    {
        public void Report(long value) => into.Add(value);
    }

    /// <summary>Fake time that tells the test when the client has started waiting, so advancing it cannot race the wait.</summary>
    private sealed class WatchedTime(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly Lock _sync = new();
        private readonly List<(TimeSpan Due, TaskCompletionSource Created)> _watches = [];
        private readonly List<TimeSpan> _created = [];

        public Task TimerCreated(TimeSpan dueTime)
        {
            lock (_sync)
            {
                if (_created.Contains(dueTime))
                {
                    return Task.CompletedTask;
                }

                var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _watches.Add((dueTime, tcs));
                return tcs.Task;
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            lock (_sync)
            {
                _created.Add(dueTime);
                foreach (var w in _watches.Where(w => w.Due == dueTime))
                {
                    w.Created.TrySetResult();
                }
            }
            return timer;
        }
    }
}
