using System.Buffers;
using Microsoft.Extensions.Time.Testing;

namespace StreamVault.Mtproto.Tests;

/// <summary>
/// upload.getFile answers are copied straight from the decrypted frame into the caller's buffer. Once a call has ended
/// for its caller (timed out, cancelled), the caller may hand that buffer back to a pool and someone else fills it: no
/// answer may be copied into it afterwards.
/// </summary>
public sealed class LateAnswerTests
{
    private const int MiB = 1024 * 1024;
    private const byte Marker = 0xA5;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    private static async Task<(TestServer.TestServer Server, TelegramClient Client, FileLocation Location, byte[] Data)> SetupAsync(Action<TelegramClientOptions>? configure = null)
    {
        var server = await TestServer.TestServer.StartAsync();
        server.AddBot("1:bot");
        var channel = server.AddChannel("vault");
        var options = ServerFixture.Options(server);
        options.RequestTimeout = RequestTimeout;
        configure?.Invoke(options);
        var client = new TelegramClient(options);
        await client.ConnectAsync(ServerFixture.Ct());
        await client.LoginBotAsync("1:bot", ServerFixture.Ct());
        var data = ServerFixture.Data(2 * MiB, seed: 3);
        var doc = server.AddDocument(channel, "movie.mkv", data);
        var location = (await client.GetMessagesAsync(new TelegramChannel(channel.Id, channel.AccessHash), [doc.MessageId], ServerFixture.Ct()))[0].Document!;
        return (server, client, location, data);
    }

    public enum GiveUp
    {
        Timeout,
        Cancellation,
    }

    /// <summary>The client's clock (request timeouts run on it) starts at the wall clock and moves only when told.</summary>
    private static FakeTimeProvider ClientClock() => new(DateTimeOffset.UtcNow);

    private static async Task GiveUpAsync(GiveUp how, FakeTimeProvider clock, CancellationTokenSource cancel)
    {
        if (how == GiveUp.Timeout)
        {
            clock.Advance(RequestTimeout);
        }
        else
        {
            await cancel.CancelAsync();
        }
    }

    [Theory]
    [InlineData(GiveUp.Timeout)]
    [InlineData(GiveUp.Cancellation)]
    public async Task A_call_given_up_while_its_answer_is_being_copied_ends_only_after_the_copy(GiveUp how)
    {
        var clock = ClientClock();
        var (server, client, location, data) = await SetupAsync(o => o.Time = clock);
        await using var s = server;
        await using var c = client;
        using var memory = new GatedMemory(MiB);
        using var cancel = new CancellationTokenSource();

        var download = client.DownloadAsync(location, 0, MiB, memory.Memory, cancel.Token);
        await memory.CopyStarted.WaitAsync(ServerFixture.Timeout);
        await GiveUpAsync(how, clock, cancel);
        // The caller reuses its buffer the moment the call ends, whatever the outcome; only then may the copy go on.
        // (If the call waits for the copy, as it must, the copy goes on after a while without the caller.)
        var reused = download.ContinueWith(_ => memory.Fill(Marker), TaskScheduler.Default);
        _ = reused.ContinueWith(_ => memory.Open(), TaskScheduler.Default);
        _ = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ => memory.Open(), TaskScheduler.Default);
        var outcome = await Record.ExceptionAsync(() => download);
        await reused.WaitAsync(ServerFixture.Timeout);
        await client.PingAsync(ServerFixture.Ct()); // the receive loop is past the getFile answer

        Assert.True(memory.All(Marker), "the answer was copied into the buffer after the call had ended");
        // The copy had started when the caller gave up: the call ends with the bytes it delivered.
        Assert.Null(outcome);
        Assert.Equal(MiB, await download);
        Assert.Equal(0, client.DroppedAnswers);
        Assert.Equal(data[MiB..], await client.DownloadAsync(location, MiB, MiB, ServerFixture.Ct()));
    }

    [Theory]
    [InlineData(GiveUp.Timeout)]
    [InlineData(GiveUp.Cancellation)]
    public async Task An_answer_arriving_after_its_call_ended_is_dropped_and_never_reaches_the_buffer(GiveUp how)
    {
        var clock = ClientClock();
        var dropped = new List<DroppedAnswer>();
        var (server, client, location, data) = await SetupAsync(o =>
        {
            o.Time = clock;
            o.AnswerDropped = d => { lock (dropped) { dropped.Add(d); } };
        });
        await using var s = server;
        await using var c = client;
        var hold = server.Faults.HoldNextAnswer("upload.getFile");
        var buffer = new byte[MiB];
        using var cancel = new CancellationTokenSource();

        var download = client.DownloadAsync(location, 0, MiB, buffer, cancel.Token);
        await hold.Reached.WaitAsync(ServerFixture.Timeout);
        await GiveUpAsync(how, clock, cancel);
        var ended = await Record.ExceptionAsync(() => download.WaitAsync(ServerFixture.Timeout));
        // The caller's buffer goes back to its pool and is someone else's now; then the answer arrives.
        buffer.AsSpan().Fill(Marker);
        hold.Release();
        await client.PingAsync(ServerFixture.Ct()); // answered after the held answer, on the same connection

        Assert.IsAssignableFrom(how == GiveUp.Timeout ? typeof(TimeoutException) : typeof(OperationCanceledException), ended);
        Assert.False(buffer.AsSpan().ContainsAnyExcept(Marker), "the late answer was copied into the buffer");
        Assert.Equal(1, client.DroppedAnswers);
        Assert.Equal(1, Assert.Single(dropped).Dc);
        // The session carries on: the next call on it is answered and read as usual.
        Assert.Equal(MiB, await client.DownloadAsync(location, MiB, MiB, buffer, ServerFixture.Ct()));
        Assert.Equal(data[MiB..], buffer);
    }

    [Fact]
    public async Task A_cdn_redirect_fails_the_download_with_a_clear_error_and_the_session_carries_on()
    {
        var (server, client, location, data) = await SetupAsync();
        await using var s = server;
        await using var c = client;
        server.Faults.RedirectDownloadsToCdn = true;
        var buffer = new byte[MiB];
        buffer.AsSpan().Fill(Marker);

        var e = await Assert.ThrowsAsync<CdnRedirectNotSupportedException>(() => client.DownloadAsync(location, 0, MiB, buffer, ServerFixture.Ct()));

        Assert.Equal(server.Faults.CdnDc, e.CdnDc);
        Assert.Contains("CDN downloads are not supported", e.Message, StringComparison.Ordinal);
        Assert.False(buffer.AsSpan().ContainsAnyExcept(Marker));
        Assert.Equal(1, server.CallCount("upload.getFile")); // not retried: another try gets the same answer
        server.Faults.RedirectDownloadsToCdn = false;
        Assert.Equal(data[..MiB], await client.DownloadAsync(location, 0, MiB, ServerFixture.Ct()));
    }

    [Fact]
    public void Asking_for_perfect_forward_secrecy_fails_at_construction_with_the_reason()
    {
        var options = new TelegramClientOptions { PerfectForwardSecrecy = true };
        options.DcEndpoints[1] = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1);

        var e = Assert.Throws<NotSupportedException>(() => new TelegramClient(options));

        Assert.Contains("temporary auth keys (auth.bindTempAuthKey) are not supported", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Memory whose first GetSpan (the client's copy of an answer) waits until the test opens it.</summary>
    private sealed class GatedMemory(int size) : MemoryManager<byte>
    {
        private readonly byte[] _array = new byte[size];
        private readonly TaskCompletionSource _copyStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly object _gate = new();
        private bool _opened;
        private int _spans;

        public Task CopyStarted => _copyStarted.Task;

        // The base class would call GetSpan for the length, and that call is not the client's copy.
        public override Memory<byte> Memory => CreateMemory(_array.Length);

        public void Open()
        {
            lock (_gate)
            {
                _opened = true;
                Monitor.PulseAll(_gate);
            }
        }

        public void Fill(byte value) => _array.AsSpan().Fill(value);

        public bool All(byte value) => !_array.AsSpan().ContainsAnyExcept(value);

        public override Span<byte> GetSpan()
        {
            if (Interlocked.Increment(ref _spans) == 1)
            {
                _copyStarted.TrySetResult();
                lock (_gate)
                {
                    while (!_opened && Monitor.Wait(_gate, ServerFixture.Timeout))
                    {
                    }
                }
            }

            return _array;
        }

        public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
