using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Bot.Tests.Infrastructure;
using StreamVault.Catalog.Import;
using StreamVault.Data;

namespace StreamVault.Bot.Tests.Updates;

/// <summary>The storage channel's posts reach the bot as channel_post / edited_channel_post updates and go to the
/// auto-index with Telegram's channel id, without the role check that a user's message goes through. (The indexer
/// itself, against the MTProto test server, is tested in the server's tests.)</summary>
public sealed class ChannelPostTests : IAsyncLifetime
{
    private const long ChannelId = 1_234_567_890;
    private const long BotApiChannelId = -1_001_234_567_890;

    private readonly RecordingIndexer _indexer = new();
    private BotHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await BotHost.StartAsync(demoTitles: false, services: s => s.AddSingleton<IChannelPostIndexer>(_indexer));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task New_and_edited_channel_posts_go_to_the_indexer_with_the_channel_s_own_id_and_nobody_is_answered()
    {
        _host.StandIn.PostInChannel(BotApiChannelId, 41, caption: "Fresh.Film.2024.1080p.WEB-DL", fileName: "video.mkv");
        Assert.Equal(("posted", ChannelId, 41), await _indexer.NextAsync());

        _host.StandIn.EditChannelPost(BotApiChannelId, 41, caption: "Fresh.Film.2024.2160p.WEB-DL", fileName: "other.mkv");
        Assert.Equal(("edited", ChannelId, 41), await _indexer.NextAsync());

        // The bot asked Telegram for these updates: Telegram sends only the kinds named in allowed_updates.
        Assert.Contains("channel_post", _host.StandIn.State.AllowedUpdates);
        Assert.Contains("edited_channel_post", _host.StandIn.State.AllowedUpdates);

        // No user sent them: no refusal went anywhere and nothing was audited as refused.
        Assert.Equal(0, _host.StandIn.State.Calls("sendMessage"));
        await using var scope = _host.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Audit.AnyAsync(a => a.Action == "bot.refused"));
    }

    [Fact]
    public async Task A_user_message_after_channel_posts_is_still_checked_as_before()
    {
        _host.StandIn.PostInChannel(BotApiChannelId, 7, caption: "Some text");
        Assert.Equal(("posted", ChannelId, 7), await _indexer.NextAsync());
        var reply = await _host.AskAsync(555_001, "/reports");
        Assert.Equal(StreamVault.Bot.Updates.UpdateDispatcher.Refusal, reply.Text);
    }

    /// <summary>Records what the bot reported, in order.</summary>
    private sealed class RecordingIndexer : IChannelPostIndexer
    {
        private readonly Channel<(string Kind, long ChannelId, int MessageId)> _calls = Channel.CreateUnbounded<(string, long, int)>();

        public async Task<(string Kind, long ChannelId, int MessageId)> NextAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await _calls.Reader.ReadAsync(timeout.Token);
        }

        public Task OnPostedAsync(long channelId, int messageId, CancellationToken cancellationToken) => Record("posted", channelId, messageId);

        public Task OnEditedAsync(long channelId, int messageId, CancellationToken cancellationToken) => Record("edited", channelId, messageId);

        public Task OnDeletedAsync(long channelId, IReadOnlyList<int> messageIds, CancellationToken cancellationToken) => Record("deleted", channelId, messageIds[0]);

        private Task Record(string kind, long channelId, int messageId) => _calls.Writer.WriteAsync((kind, channelId, messageId)).AsTask();
    }
}

public sealed class ChannelIdTests
{
    [Theory]
    [InlineData(-1_001_234_567_890L, 1_234_567_890L)]
    [InlineData(-1_000_000_000_001L, 1L)]
    [InlineData(-5_001L, null)]
    [InlineData(42L, null)]
    public void Channel_ids_lose_the_bot_api_prefix_and_other_chats_are_not_channels(long botApiId, long? expected) =>
        Assert.Equal(expected, StreamVault.Bot.Updates.UpdateDispatcher.TelegramChannelId(botApiId));
}
