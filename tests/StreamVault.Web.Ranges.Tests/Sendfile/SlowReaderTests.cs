using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using StreamVault.Web.Ranges.Http;
using StreamVault.Web.Ranges.Sendfile;

namespace StreamVault.Web.Ranges.Tests.Sendfile;

/// <summary>
/// Readers that behave like a browser's media stack on a sendfile connection: an open-ended range read with a small
/// receive window, paused for longer than Kestrel's grace period, or read at a video's bitrate. Every one of them must get
/// its bytes, in order, and none may be reset for reading slowly.
/// </summary>
public sealed class SlowReaderTests : IAsyncLifetime
{
    private const int FileLength = 12 << 20;
    private readonly byte[] _content = new byte[FileLength];
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"sv-slow-{Guid.NewGuid():N}.bin");
    private KestrelHost? _host;

    private KestrelHost Host => _host ?? throw new InvalidOperationException("not started");

    public SlowReaderTests()
    {
        new Random(11).NextBytes(_content);
        File.WriteAllBytes(_file, _content);
    }

    public async Task InitializeAsync() => _host = await KestrelHost.StartAsync(context =>
        RangeFileResult.PhysicalFile(_file, RangeFileRepresentation.ForFile(_file)).ExecuteAsync(context));

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        File.Delete(_file);
    }

    [Fact]
    public async Task A_reader_that_pauses_past_the_grace_period_with_a_small_window_gets_every_byte()
    {
        // Kestrel's minimum response data rate allows 5 s of grace; a paused player holds its connection far longer.
        var body = await ReadAsync("bytes=0-", async (read, token) =>
        {
            if (read >= 1 << 20 && read - (1 << 20) < 64 * 1024)
            {
                await Task.Delay(TimeSpan.FromSeconds(7), token);
            }
        });

        Assert.Equal(_content, body);
    }

    [Fact]
    public async Task A_reader_at_a_bitrate_is_not_reset()
    {
        // 1 MiB/s, a 1080p stream's pace: 12 MiB take 12 s, so Kestrel's rate check on one long flush would have fired.
        var started = TimeProvider.System.GetTimestamp();
        var body = await ReadAsync("bytes=2000000-", async (read, token) =>
        {
            var due = TimeSpan.FromSeconds(read / (double)(1 << 20));
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            if (due > elapsed)
            {
                await Task.Delay(due - elapsed, token);
            }
        });

        Assert.Equal(_content.AsSpan(2000000).ToArray(), body);
    }

    [Fact]
    public async Task Two_paused_readers_on_one_server_both_finish()
    {
        var first = ReadAsync("bytes=0-", async (read, token) =>
        {
            if (read is > 3 << 20 and < (3 << 20) + (64 * 1024))
            {
                await Task.Delay(TimeSpan.FromSeconds(3), token);
            }
        });
        var second = ReadAsync("bytes=100-", async (read, token) =>
        {
            if (read is > 100_000 and < 100_000 + (64 * 1024))
            {
                await Task.Delay(TimeSpan.FromSeconds(6), token);
            }
        });

        Assert.Equal(_content, await first);
        Assert.Equal(_content.AsSpan(100).ToArray(), await second);
    }

    [Fact]
    public async Task A_reader_that_takes_nothing_for_the_send_timeout_is_disconnected_quietly()
    {
        var time = new FakeTimeProvider();
        await using var host = await KestrelHost.StartAsync(
            context => RangeFileResult.PhysicalFile(_file, RangeFileRepresentation.ForFile(_file)).ExecuteAsync(context), time);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 64 * 1024 };
        await socket.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port, timeout.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /file HTTP/1.1\r\nHost: {host.BaseAddress.Authority}\r\nRange: bytes=0-\r\n\r\n"), SocketFlags.None, timeout.Token);
        var buffer = new byte[64 * 1024];
        Assert.True(await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0);

        // The reader stops. Until the send timeout has passed the server keeps the connection, then it closes it.
        await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
        time.Advance(SendfileConnections.SendTimeout - TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
        Assert.True(socket.Poll(0, SelectMode.SelectRead)); // still data, no end: a full window is waiting
        long received = 0;
        var closed = false;
        while (!closed)
        {
            time.Advance(TimeSpan.FromSeconds(2));
            try
            {
                // Drain what the kernel holds; the end (or a reset) comes once the server gave up on the reader.
                while (socket.Poll(200_000, SelectMode.SelectRead))
                {
                    var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                    if (n == 0)
                    {
                        closed = true;
                        break;
                    }

                    received += n;
                }
            }
            catch (SocketException)
            {
                closed = true;
            }
        }

        Assert.True(received < FileLength - (1 << 20), $"the reader got {received} bytes: the server kept sending to it");
        Assert.DoesNotContain(host.Errors.Entries, e => e.StartsWith("Error", StringComparison.Ordinal) || e.StartsWith("Critical", StringComparison.Ordinal));
    }

    /// <summary>One GET on a raw socket with a 64 KiB receive buffer, read 64 KiB at a time; <paramref name="pace"/> runs
    /// after each read with the body bytes read so far.</summary>
    private async Task<byte[]> ReadAsync(string range, Func<long, CancellationToken, Task> pace)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 64 * 1024 };
        await socket.ConnectAsync(Host.BaseAddress.Host, Host.BaseAddress.Port, timeout.Token);
        var request = $"GET /file HTTP/1.1\r\nHost: {Host.BaseAddress.Authority}\r\nRange: {range}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, timeout.Token);

        var buffer = new byte[64 * 1024];
        using var received = new MemoryStream();
        long? length = null;
        var headerEnd = -1;
        while (length is null || received.Length - headerEnd < length)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            }
            catch (SocketException ex)
            {
                throw new IOException($"{string.Join("; ", Host.Errors.Entries)} after {received.Length - Math.Max(headerEnd, 0)} body bytes", ex);
            }

            if (n == 0)
            {
                throw new IOException($"{string.Join("; ", Host.Errors.Entries)} The server closed the connection after {received.Length - Math.Max(headerEnd, 0)} body bytes.");
            }

            received.Write(buffer, 0, n);
            if (length is null)
            {
                var text = Encoding.ASCII.GetString(received.GetBuffer(), 0, (int)Math.Min(received.Length, 4096));
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end < 0)
                {
                    continue;
                }

                Assert.StartsWith("HTTP/1.1 206", text, StringComparison.Ordinal);
                headerEnd = end + 4;
                var line = text[..end].Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                length = long.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }

            await pace(received.Length - headerEnd, timeout.Token);
        }

        return received.ToArray()[headerEnd..];
    }
}
