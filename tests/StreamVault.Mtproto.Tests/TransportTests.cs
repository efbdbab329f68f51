using System.Buffers.Binary;
using System.IO.Hashing;
using System.Net;
using System.Net.Sockets;
using StreamVault.Mtproto.Transport;

namespace StreamVault.Mtproto.Tests;

public class TransportTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static async Task<(MtTransport Client, MtTransport Server)> PairAsync(TransportOptions options)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var cts = new CancellationTokenSource(Timeout);
        var accept = listener.AcceptAsync(cts.Token).AsTask();
        var client = await MtTransport.ConnectAsync(listener.LocalEndPoint!, options, cts.Token);
        if (options.Mode == TransportMode.Full)
        {
            // TCP Full has no tag, so the server knows the transport only from the first frame: send one.
            await client.SendAsync(new byte[24], cts.Token);
        }

        var server = await MtTransport.AcceptAsync(await accept, cts.Token);
        if (options.Mode == TransportMode.Full)
        {
            (await server.ReceiveAsync(cts.Token)).Dispose();
        }

        return (client, server);
    }

    public static TheoryData<TransportMode, bool> Modes() => new()
    {
        { TransportMode.Abridged, false },
        { TransportMode.Intermediate, false },
        { TransportMode.PaddedIntermediate, false },
        { TransportMode.Abridged, true },
        { TransportMode.Intermediate, true },
        { TransportMode.PaddedIntermediate, true },
        { TransportMode.Full, false },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Frames_round_trip_in_both_directions(TransportMode mode, bool obfuscated)
    {
        var (client, server) = await PairAsync(new TransportOptions(mode, obfuscated, DcId: 2));
        await using var c = client;
        await using var s = server;
        Assert.Equal(mode, s.Mode);
        if (obfuscated)
        {
            Assert.Equal(2, s.DcId);
        }

        using var cts = new CancellationTokenSource(Timeout);
        foreach (var size in new[] { 24, 0x7e * 4, 0x7f * 4, 0x80 * 4, 4096, (1 << 20) + 64 })
        {
            var payload = Hex.Seq(size % 251, size);
            await c.SendAsync(payload, cts.Token);
            using (var got = await s.ReceiveAsync(cts.Token))
            {
                AssertPayload(mode, payload, got);
            }

            await s.SendAsync(payload, cts.Token);
            using (var back = await c.ReceiveAsync(cts.Token))
            {
                AssertPayload(mode, payload, back);
            }
        }
    }

    private static void AssertPayload(TransportMode mode, byte[] expected, PooledBuffer got)
    {
        if (mode == TransportMode.PaddedIntermediate)
        {
            Assert.InRange(got.Length, expected.Length, expected.Length + 15);
            Assert.True(got.Span[..expected.Length].SequenceEqual(expected));
        }
        else
        {
            Assert.True(got.Span.SequenceEqual(expected));
        }
    }

    [Theory]
    [InlineData(-404, TransportMode.Intermediate)]
    [InlineData(-429, TransportMode.Abridged)]
    [InlineData(-444, TransportMode.PaddedIntermediate)]
    [InlineData(-404, TransportMode.Full)]
    public async Task Transport_error_packets_surface_as_typed_exceptions(int code, TransportMode mode)
    {
        var (client, server) = await PairAsync(new TransportOptions(mode, Obfuscated: mode is TransportMode.Abridged));
        await using var c = client;
        await using var s = server;
        using var cts = new CancellationTokenSource(Timeout);
        await s.SendErrorAsync(code, cts.Token);
        var ex = await Assert.ThrowsAsync<TransportException>(async () => (await c.ReceiveAsync(cts.Token)).Dispose());
        Assert.Equal(code, ex.Code);
    }

    /// <summary>A raw socket and the server side of a TCP Full connection, to write and read the framing by hand.</summary>
    private static async Task<(Socket Raw, MtTransport Server)> RawFullPairAsync(byte[] firstFrame)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var cts = new CancellationTokenSource(Timeout);
        var accept = listener.AcceptAsync(cts.Token).AsTask();
        var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await raw.ConnectAsync(listener.LocalEndPoint!, cts.Token);
        await raw.SendAsync(firstFrame, cts.Token); // TCP Full has no tag: the first frame starts the stream
        return (raw, await MtTransport.AcceptAsync(await accept, cts.Token));
    }

    private static byte[] FullFrame(int seq, byte[] payload, bool breakCrc = false)
    {
        var frame = new byte[payload.Length + 12];
        BinaryPrimitives.WriteInt32LittleEndian(frame, frame.Length);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), seq);
        payload.CopyTo(frame, 8);
        var crc = Crc32.HashToUInt32(frame.AsSpan(0, frame.Length - 4)) ^ (breakCrc ? 1u : 0u);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(frame.Length - 4), crc);
        return frame;
    }

    [Fact]
    public async Task Tcp_full_frames_are_length_seq_payload_crc32_numbered_from_zero_each_way()
    {
        var first = Hex.Seq(1, 40);
        var (raw, server) = await RawFullPairAsync(FullFrame(0, first));
        using var r = raw;
        await using var s = server;
        using var cts = new CancellationTokenSource(Timeout);
        Assert.Equal(TransportMode.Full, s.Mode);
        using (var got = await s.ReceiveAsync(cts.Token))
        {
            Assert.True(got.Span.SequenceEqual(first));
        }

        var second = Hex.Seq(2, 64);
        await r.SendAsync(FullFrame(1, second), cts.Token);
        using (var got = await s.ReceiveAsync(cts.Token))
        {
            Assert.True(got.Span.SequenceEqual(second));
        }

        for (var seq = 0; seq < 2; seq++)
        {
            var payload = Hex.Seq(3 + seq, 32);
            await s.SendAsync(payload, cts.Token);
            var frame = new byte[payload.Length + 12];
            var read = 0;
            while (read < frame.Length)
            {
                read += await r.ReceiveAsync(frame.AsMemory(read), cts.Token);
            }

            Assert.Equal(FullFrame(seq, payload), frame);
        }
    }

    [Theory]
    [InlineData(true, 1, "CRC32")]
    [InlineData(false, 2, "seq_no 2, expected 1")]
    public async Task Tcp_full_frame_with_a_bad_crc_or_out_of_order_seq_ends_the_connection(bool breakCrc, int seq, string message)
    {
        var (raw, server) = await RawFullPairAsync(FullFrame(0, Hex.Seq(1, 40)));
        using var r = raw;
        await using var s = server;
        using var cts = new CancellationTokenSource(Timeout);
        (await s.ReceiveAsync(cts.Token)).Dispose();
        await r.SendAsync(FullFrame(seq, Hex.Seq(2, 40), breakCrc), cts.Token);
        var e = await Assert.ThrowsAsync<IOException>(async () => (await s.ReceiveAsync(cts.Token)).Dispose());
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tcp_full_cannot_be_obfuscated()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await Assert.ThrowsAsync<ArgumentException>(() => MtTransport.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 9), new TransportOptions(TransportMode.Full, Obfuscated: true), cts.Token));
    }

    [Fact]
    public async Task Dropped_connection_surfaces_as_io_error()
    {
        var (client, server) = await PairAsync(new TransportOptions());
        await using var c = client;
        server.Abort();
        using var cts = new CancellationTokenSource(Timeout);
        await Assert.ThrowsAnyAsync<IOException>(async () => (await c.ReceiveAsync(cts.Token)).Dispose());
    }

    [Fact]
    public void Aes_ctr_matches_nist_sp800_38a_aes256_vector()
    {
        using var ctr = new AesCtr(Hex.B("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"), Hex.B("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"));
        var data = Hex.B("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
        // split across calls to exercise keystream continuity
        ctr.Transform(data.AsSpan(0, 5));
        ctr.Transform(data.AsSpan(5));
        Assert.Equal("601EC313775789A5B7A7F504BBF3D228F443E3CA4D62B59ACA84E990CACAF5C5", Hex.S(data));
    }
}
