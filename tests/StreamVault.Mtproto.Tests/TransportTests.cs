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
        var server = await MtTransport.AcceptAsync(await accept, cts.Token);
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
    public async Task Transport_error_packets_surface_as_typed_exceptions(int code, TransportMode mode)
    {
        var (client, server) = await PairAsync(new TransportOptions(mode, Obfuscated: mode == TransportMode.Abridged));
        await using var c = client;
        await using var s = server;
        using var cts = new CancellationTokenSource(Timeout);
        await s.SendErrorAsync(code, cts.Token);
        var ex = await Assert.ThrowsAsync<TransportException>(async () => (await c.ReceiveAsync(cts.Token)).Dispose());
        Assert.Equal(code, ex.Code);
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
