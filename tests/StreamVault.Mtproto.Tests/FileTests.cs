using StreamVault.Mtproto.TestServer;

namespace StreamVault.Mtproto.Tests;

public class FileTests
{
    private const int MiB = 1024 * 1024;

    private static async Task<(TestServer.TestServer Server, TelegramClient Client, TelegramChannel Channel)> SetupAsync()
    {
        var server = await TestServer.TestServer.StartAsync();
        server.AddBot("1:bot");
        server.AddChannel("vault");
        var client = await ServerFixture.BotAsync(server);
        var channel = await client.ResolveChannelAsync("vault", ServerFixture.Ct());
        return (server, client, channel);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(512 * 1024)]
    [InlineData(11 * 1024 * 1024 + 7)]
    public async Task Upload_then_download_every_slice_round_trips(int size)
    {
        var (server, client, channel) = await SetupAsync();
        await using var s = server;
        await using var c = client;
        var data = ServerFixture.Data(size);
        var reported = new List<long>();
        var uploaded = await client.UploadDocumentAsync(channel, "movie.mkv", new MemoryStream(data), new SyncProgress(reported), ServerFixture.Ct());
        Assert.Equal(size, uploaded.Size);
        Assert.Equal(data, server.DocumentBytes(uploaded.DocumentId));
        Assert.Equal(size, reported[^1]);
        Assert.Equal((size + (512 * 1024) - 1) / (512 * 1024), reported.Count);
        Assert.Equal(size > 10 * MiB ? reported.Count : 0, server.CallCount("upload.saveBigFilePart"));
        var back = new byte[size];
        var slice = new byte[MiB];
        for (long off = 0; off < size; off += MiB)
        {
            var n = await client.DownloadAsync(uploaded.Location, off, MiB, slice, ServerFixture.Ct());
            Assert.Equal((int)Math.Min(MiB, size - off), n);
            slice.AsSpan(0, n).CopyTo(back.AsSpan((int)off));
        }
        Assert.Equal(data, back);
        var messages = await client.GetMessagesAsync(channel, [uploaded.MessageId], ServerFixture.Ct());
        Assert.Equal("movie.mkv", Assert.Single(messages).FileName);
    }

    private sealed class SyncProgress(List<long> into) : IProgress<long>
    {
        public void Report(long value) => into.Add(value);
    }

    [Fact]
    public async Task Partial_slices_inside_one_mebibyte_are_allowed()
    {
        var (server, client, channel) = await SetupAsync();
        await using var s = server;
        await using var c = client;
        var data = ServerFixture.Data(3 * MiB);
        var doc = server.AddDocument(new TestChannel(channel.Id, channel.AccessHash, "vault"), "a.bin", data);
        var loc = (await client.GetMessagesAsync(channel, [doc.MessageId], ServerFixture.Ct()))[0].Document!;
        var part = await client.DownloadAsync(loc, MiB + (256 * 1024), 256 * 1024, ServerFixture.Ct());
        Assert.Equal(data.AsSpan(MiB + (256 * 1024), 256 * 1024).ToArray(), part);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.DownloadAsync(loc, MiB - 4096, 8192, ServerFixture.Ct()));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.DownloadAsync(loc, 100, 4096, ServerFixture.Ct()));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.DownloadAsync(loc, 0, 3 * 4096, ServerFixture.Ct()));
    }

    [Fact]
    public async Task Flood_wait_is_surfaced_with_its_seconds()
    {
        var (server, client, channel) = await SetupAsync();
        await using var s = server;
        await using var c = client;
        var doc = server.AddDocument(new TestChannel(channel.Id, channel.AccessHash, "vault"), "a.bin", ServerFixture.Data(MiB));
        var loc = (await client.GetMessagesAsync(channel, [doc.MessageId], ServerFixture.Ct()))[0].Document!;
        server.Faults.FloodMethods.Add("upload.getFile");
        server.Faults.FloodMaxCalls = 2;
        server.Faults.FloodWindow = TimeSpan.FromHours(1);
        server.Faults.FloodWaitSeconds = 17;
        await client.DownloadAsync(loc, 0, MiB, ServerFixture.Ct());
        await client.DownloadAsync(loc, 0, MiB, ServerFixture.Ct());
        var e = await Assert.ThrowsAsync<FloodWaitException>(() => client.DownloadAsync(loc, 0, MiB, ServerFixture.Ct()));
        Assert.Equal(17, e.Seconds);
        Assert.Equal(420, e.Code);
    }

    [Fact]
    public async Task Expired_file_reference_is_refreshed_via_channels_getMessages()
    {
        var (server, client, channel) = await SetupAsync();
        await using var s = server;
        await using var c = client;
        var data = ServerFixture.Data(MiB + 10);
        var uploaded = await client.UploadDocumentAsync(channel, "x.bin", new MemoryStream(data), null, ServerFixture.Ct());
        var oldRef = uploaded.Location.FileReference;
        server.ExpireFileReferences();
        var calls = server.CallCount("channels.getMessages");
        var tail = await client.DownloadAsync(uploaded.Location, MiB, MiB, ServerFixture.Ct());
        Assert.Equal(data.AsSpan(MiB).ToArray(), tail);
        Assert.Equal(calls + 1, server.CallCount("channels.getMessages"));
        Assert.NotEqual(oldRef, uploaded.Location.FileReference);
    }

    [Fact]
    public async Task File_on_another_dc_follows_file_migrate_with_exported_authorization()
    {
        var (server, client, channel) = await SetupAsync();
        await using var s = server;
        await using var c = client;
        var data = ServerFixture.Data(2 * MiB);
        var doc = server.AddDocument(new TestChannel(channel.Id, channel.AccessHash, "vault"), "far.bin", data, dcId: 2);
        var loc = (await client.GetMessagesAsync(channel, [doc.MessageId], ServerFixture.Ct()))[0].Document!;
        loc.DcId = 0; // pretend we do not know where it lives: the home DC must redirect us
        var first = await client.DownloadAsync(loc, 0, MiB, ServerFixture.Ct());
        Assert.Equal(data.AsSpan(0, MiB).ToArray(), first);
        Assert.Equal(2, loc.DcId);
        Assert.Equal(1, server.CallCount("auth.exportAuthorization"));
        Assert.Equal(1, server.CallCount("auth.importAuthorization"));
        var second = await client.DownloadAsync(loc, MiB, MiB, ServerFixture.Ct());
        Assert.Equal(data.AsSpan(MiB).ToArray(), second);
        Assert.Equal(1, server.CallCount("auth.importAuthorization"));
    }

    [Fact]
    public async Task Uploads_to_a_media_dc_are_downloaded_there()
    {
        var (server, client, channel) = await SetupAsync();
        await using var s = server;
        await using var c = client;
        server.Faults.DocumentsDc = 2;
        var data = ServerFixture.Data(5000);
        var uploaded = await client.UploadDocumentAsync(channel, "y.bin", new MemoryStream(data), null, ServerFixture.Ct());
        Assert.Equal(2, uploaded.Location.DcId);
        var back = await client.DownloadAsync(uploaded.Location, 0, MiB, ServerFixture.Ct());
        Assert.Equal(data, back);
    }

    [Fact]
    public async Task History_and_delete()
    {
        var (server, client, channel) = await SetupAsync();
        await using var s = server;
        await using var c = client;
        var tc = new TestChannel(channel.Id, channel.AccessHash, "vault");
        var ids = Enumerable.Range(0, 5).Select(i => server.AddDocument(tc, $"f{i}.bin", ServerFixture.Data(100 + i)).MessageId).ToArray();
        var history = await client.GetHistoryAsync(channel, 0, 3, ServerFixture.Ct());
        Assert.Equal(ids.Reverse().Take(3), history.Select(m => m.Id));
        var older = await client.GetHistoryAsync(channel, history[^1].Id, 10, ServerFixture.Ct());
        Assert.Equal(ids.Take(2).Reverse(), older.Select(m => m.Id));
        Assert.Equal(2, await client.DeleteMessagesAsync(channel, [ids[0], ids[1]], ServerFixture.Ct()));
        Assert.Equal(3, server.MessageCount(tc));
        var gone = await client.GetMessagesAsync(channel, [ids[0]], ServerFixture.Ct());
        Assert.Null(Assert.Single(gone).Document);
    }

    [Fact]
    public async Task Dropped_connection_during_download_is_resumed()
    {
        var (server, client, channel) = await SetupAsync();
        await using var s = server;
        await using var c = client;
        var data = ServerFixture.Data(2 * MiB);
        var doc = server.AddDocument(new TestChannel(channel.Id, channel.AccessHash, "vault"), "d.bin", data);
        var loc = (await client.GetMessagesAsync(channel, [doc.MessageId], ServerFixture.Ct()))[0].Document!;
        server.Faults.DropConnectionAfterCalls(1);
        Assert.Equal(data.AsSpan(MiB).ToArray(), await client.DownloadAsync(loc, MiB, MiB, ServerFixture.Ct()));
    }
}
