namespace StreamVault.Mtproto.Tests;

/// <summary>Updates the test server pushes to members of a channel (as Telegram does) reach <see cref="TelegramClient.ChannelUpdates"/>.</summary>
public sealed class ChannelUpdateTests
{
    private static async Task<ChannelUpdate> NextAsync(TelegramClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await client.ChannelUpdates.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task New_edited_and_deleted_posts_are_pushed_to_members_only_and_an_own_upload_is_not_pushed_back()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        var memberId = server.AddBot("1:member");
        var laterId = server.AddBot("2:later");
        var channel = server.AddChannel("vault");
        server.AddMember(channel, memberId);
        await using var member = await ServerFixture.BotAsync(server, "1:member");
        await using var later = await ServerFixture.BotAsync(server, "2:later");

        var posted = server.PostDocument(channel, "Film.2024.1080p.mkv", ServerFixture.Data(5000));
        var added = await NextAsync(member);
        Assert.Equal((ChannelUpdateKind.Posted, channel.Id, posted.MessageId), (added.Kind, added.ChannelId, Assert.Single(added.MessageIds)));

        server.EditCaption(channel, posted.MessageId, "now with a caption");
        var edited = await NextAsync(member);
        Assert.Equal((ChannelUpdateKind.Edited, channel.Id, posted.MessageId), (edited.Kind, edited.ChannelId, Assert.Single(edited.MessageIds)));
        Assert.Equal(added.Pts + 1, edited.Pts);

        var second = server.PostText(channel, "two");
        var third = server.PostText(channel, "three");
        Assert.Equal([second], (await NextAsync(member)).MessageIds);
        Assert.Equal([third], (await NextAsync(member)).MessageIds);
        server.DeletePosts(channel, posted.MessageId, third, 999);
        var deleted = await NextAsync(member);
        Assert.Equal((ChannelUpdateKind.Deleted, channel.Id), (deleted.Kind, deleted.ChannelId));
        Assert.Equal([posted.MessageId, third], deleted.MessageIds);
        Assert.Equal(edited.Pts + 4, deleted.Pts); // two posts, then pts_count 2

        // Not a member: nothing was pushed. Once it joins, its first update is the next post, and the member's own
        // upload comes back in its answer, not pushed a second time.
        Assert.False(later.ChannelUpdates.TryRead(out _));
        server.AddMember(channel, laterId);
        var tgChannel = await member.ResolveChannelAsync("vault", ServerFixture.Ct());
        var uploaded = await member.UploadDocumentAsync(tgChannel, "own.bin", new MemoryStream(ServerFixture.Data(3000)), null, ServerFixture.Ct());
        var seen = await NextAsync(later);
        Assert.Equal((ChannelUpdateKind.Posted, uploaded.MessageId), (seen.Kind, Assert.Single(seen.MessageIds)));
        var fourth = server.PostText(channel, "four");
        Assert.Equal([fourth], (await NextAsync(member)).MessageIds); // not the own upload first
        Assert.Equal([fourth], (await NextAsync(later)).MessageIds);
    }

    [Fact]
    public async Task A_reader_that_falls_behind_loses_the_oldest_updates_and_calls_carry_on()
    {
        await using var server = await TestServer.TestServer.StartAsync();
        var botId = server.AddBot("1:bot");
        var channel = server.AddChannel("vault");
        server.AddMember(channel, botId);
        var dropped = new List<ChannelUpdate>();
        var options = ServerFixture.Options(server);
        options.ChannelUpdateCapacity = 2;
        options.ChannelUpdateDropped = u =>
        {
            lock (dropped)
            {
                dropped.Add(u);
            }
        };
        await using var client = new TelegramClient(options);
        await client.ConnectAsync(ServerFixture.Ct());
        await client.LoginBotAsync("1:bot", ServerFixture.Ct());

        var ids = Enumerable.Range(0, 5).Select(i => server.PostText(channel, $"post {i}")).ToArray();
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (client.DroppedChannelUpdates < 3)
            {
                await Task.Delay(20, wait.Token);
            }
        }

        Assert.NotEqual(0, await client.PingAsync(ServerFixture.Ct()));
        Assert.Equal(ids[..3], dropped.SelectMany(u => u.MessageIds));
        Assert.Equal([ids[3]], (await NextAsync(client)).MessageIds);
        Assert.Equal([ids[4]], (await NextAsync(client)).MessageIds);
    }
}
