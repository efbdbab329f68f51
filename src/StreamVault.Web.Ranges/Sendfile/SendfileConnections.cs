using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace StreamVault.Web.Ranges.Sendfile;

/// <summary>
/// Lets range responses on plain HTTP/1.x connections send file bytes with sendfile(2), as nginx does: Kestrel has no
/// such path (its SendFileAsync copies through the response pipe), and copying each byte from the page cache into the
/// process and out to the socket cost StreamVault half of nginx's throughput on loopback. Connections over TLS, or on
/// a transport without a socket, are left as they are, and their responses are read into the pipe as before.
/// </summary>
public static class SendfileConnections
{
    /// <summary>
    /// Puts the sendfile-capable output under every connection of this endpoint (call it before <c>UseHttps</c>, so it
    /// sits next to the socket). <paramref name="window"/> is how many written bytes a response may have queued for
    /// the socket before its writer waits, as the socket transport's <c>MaxWriteBufferSize</c>.
    /// </summary>
    public static ListenOptions UseSendfile(this ListenOptions listen, int window)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        listen.Use(next =>
        {
            var time = listen.ApplicationServices.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
            return connection => RunAsync(connection, next, window, time);
        });
        return listen;
    }

    /// <summary>
    /// How long a piece of a file range may wait for the reader to take it before the connection is closed, as nginx's
    /// <c>send_timeout</c> (60 s). Kestrel's minimum response data rate is off while a file range is sent: it would count
    /// the whole range as written at once and reset a paused player after its 5 s grace.
    /// </summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(60);

    private static async Task RunAsync(ConnectionContext connection, ConnectionDelegate next, int window, TimeProvider time)
    {
        // Under TLS the socket carries ciphertext: file bytes cannot go to it as they are.
        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket || connection.Features.Get<ITlsConnectionFeature>() is not null)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        var transport = connection.Transport;
        var output = new SendfileOutput(socket, transport.Output, connection.Features.Get<IMemoryPoolFeature>()?.MemoryPool, window, connection.Abort, time, SendTimeout);
        connection.Features.Set(output);
        connection.Transport = new Duplex(transport.Input, output);
        var sending = output.RunAsync();
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            output.Complete();
            await sending.ConfigureAwait(false);
            connection.Transport = transport;
        }
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
