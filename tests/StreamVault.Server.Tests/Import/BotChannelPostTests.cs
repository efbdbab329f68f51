using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.BotApi.StandIn;
using StreamVault.Catalog.Import;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Delivery.Policy;
using StreamVault.Delivery.Streaming;
using StreamVault.Server.Tests.Infrastructure;
using StreamVault.Server.Tests.Telegram;

namespace StreamVault.Server.Tests.Import;

/// <summary>Auto-index from the manager bot's own updates, end to end: the MTProto test server holds the channel, the
/// Bot API stand-in delivers its channel_post / edited_channel_post updates, and the watcher is off, so only the bot's
/// updates can bring a post into the catalogue.</summary>
public sealed class BotChannelPostTests
{
    private const string Library = "bot_watched";

    [Fact]
    public async Task A_channel_post_update_indexes_the_new_post_at_once_and_an_edit_replacing_its_file_updates_it()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        await backend.AddBotSessionAsync("1:indexer");
        await using var standIn = await BotApiStandIn.StartAsync();
        await using var app = await TestApp.StartAsync(s =>
        {
            foreach (var (key, value) in backend.Settings())
            {
                s[key] = value;
            }

            s["StreamVault:Catalog:AutoIndexInterval"] = "0"; // no watcher: nothing but the bot's updates
            s["StreamVault:Bot:Token"] = standIn.Token;
            s["StreamVault:Bot:ApiBaseUrl"] = standIn.BaseUrl.ToString();
            s["StreamVault:Bot:OwnerId"] = "1001";
            s["StreamVault:Bot:PollTimeoutSeconds"] = "2";
        }, fakeTime: false);

        var channel = backend.Server.AddChannel(Library);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ChannelIndexing>().SetAsync("@" + Library, on: true, CancellationToken.None);
        }

        var botApiChannelId = -(1_000_000_000_000 + channel.Id);
        var fresh = File.ReadAllBytes(app.Folder.WriteRandomFile("media/fresh.bin", 1_200_000, 11));
        var posted = backend.Server.PostDocument(channel, "video.mkv", fresh, caption: "Fresh.Film.2024.2160p.WEB-DL");
        standIn.PostInChannel(botApiChannelId, posted.MessageId, caption: "Fresh.Film.2024.2160p.WEB-DL", fileName: "video.mkv");
        var first = await LiveFileAsync(app, "Fresh Film", except: null);
        var firstUrl = PlayUrl(app, first);
        using (var whole = await app.Client.GetAsync(firstUrl))
        {
            Assert.Equal(fresh, await whole.Content.ReadAsByteArrayAsync());
        }

        // The owner replaces the post's file: the old entry becomes a tombstone, the new document is indexed and served.
        var replacement = File.ReadAllBytes(app.Folder.WriteRandomFile("media/replacement.bin", 900_000, 12));
        backend.Server.ReplaceDocument(channel, posted.MessageId, "Fresh.Film.2024.1080p.BluRay.x264-GRP.mkv", replacement);
        standIn.EditChannelPost(botApiChannelId, posted.MessageId, fileName: "Fresh.Film.2024.1080p.BluRay.x264-GRP.mkv");
        var second = await LiveFileAsync(app, "Fresh Film", except: first.Id);
        using (var whole = await app.Client.GetAsync(PlayUrl(app, second)))
        {
            Assert.Equal(replacement, await whole.Content.ReadAsByteArrayAsync());
        }

        using (var old = await app.Client.GetAsync(firstUrl))
        {
            Assert.Equal(HttpStatusCode.Gone, old.StatusCode);
        }
    }

    /// <summary>Waits (the bot handles the update in the background) for the title's live media file other than <paramref name="except"/>.</summary>
    private static async Task<MediaFile> LiveFileAsync(TestApp app, string titleName, long? except)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var file = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.AsNoTracking()
                    .FirstOrDefaultAsync(m => m.Title!.Name == titleName && m.RemovedAt == null && m.Title.RemovedAt == null && m.Id != except, timeout.Token);
                if (file is not null)
                {
                    return file;
                }
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static string PlayUrl(TestApp app, MediaFile file)
    {
        using var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<IMediaLinks>().Play(file, DeliveryPolicy.Default)!;
    }
}
