using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StreamVault.Server.Tests.Infrastructure;

/// <summary>A request as the raw server saw it.</summary>
internal sealed record RawRequest(string Path, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}

/// <summary>What to send back: the head and body bytes, then either a clean close or a cut in the middle (the body
/// stops at <see cref="CutAfter"/> bytes while its Content-Length promised more).</summary>
internal sealed record RawResponse(string Head, byte[] Body, int? CutAfter = null)
{
    public static RawResponse Ok(byte[] body, string extraHeaders = "") => new($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n{extraHeaders}Connection: close\r\n\r\n", body);

    public static RawResponse Redirect(string location) => new($"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", []);

    /// <summary>Bytes [from, end) of <paramref name="whole"/> as a 206, or the whole as a 200 when there is no Range.</summary>
    public static RawResponse Ranged(RawRequest request, byte[] whole)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(whole);
        if (request.Header("range") is not { } range || !range.StartsWith("bytes=", StringComparison.Ordinal) || !range.EndsWith('-'))
        {
            return Ok(whole);
        }

        var from = int.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        var body = whole[from..];
        return new($"HTTP/1.1 206 Partial Content\r\nContent-Range: bytes {from}-{whole.Length - 1}/{whole.Length}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n", body);
    }
}

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 written on a socket, so a test decides every byte: it can promise a length and cut
/// the connection half-way (all sent bytes reach the client before the close), redirect anywhere, or send no length.
/// One request per connection.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RawRequest, int, RawResponse> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _count;

    /// <param name="handler">Gets each request and its number (0 for the first).</param>
    public RawHttpServer(Func<RawRequest, int, RawResponse> handler)
    {
        _handler = handler;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public ConcurrentQueue<RawRequest> Requests { get; } = new();

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                var request = await ReadRequestAsync(socket);
                Requests.Enqueue(request);
                var response = _handler(request, Interlocked.Increment(ref _count) - 1);
                await socket.SendAsync(Encoding.ASCII.GetBytes(response.Head));
                var body = response.CutAfter is { } cut ? response.Body.AsMemory(0, cut) : response.Body;
                await socket.SendAsync(body);
                // A graceful close: everything sent arrives, then the end of the stream (early, for a cut).
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The client went away: nothing to do.
            }
        }
    }

    private static async Task<RawRequest> ReadRequestAsync(Socket socket)
    {
        var buffer = new byte[16384];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length));
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        var lines = Encoding.ASCII.GetString(buffer, 0, length).Split("\r\n");
        var path = lines[0].Split(' ') is [_, var target, ..] ? target : "/";
        var headers = lines.Skip(1).TakeWhile(l => l.Length > 0).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        return new RawRequest(path, headers);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
