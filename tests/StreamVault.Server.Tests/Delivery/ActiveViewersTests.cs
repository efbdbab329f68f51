using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StreamVault.Data;
using StreamVault.Delivery.Policy;
using StreamVault.Delivery.Streaming;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Delivery;

public sealed class ActiveViewersTests
{
    private static readonly IPAddress Alice = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Bob = IPAddress.Parse("2001:db8::1");

    [Fact]
    public void A_viewer_is_one_address_on_one_file_however_many_ranges_it_asks_for()
    {
        var time = new FakeTimeProvider();
        var viewers = new ActiveViewers(time);
        for (var i = 0; i < 5; i++)
        {
            viewers.Begin(Alice, "film").Dispose();
        }

        viewers.Begin(Alice, "episode").Dispose();
        viewers.Begin(Bob, "film").Dispose();
        Assert.Equal(3, viewers.CountNow());
    }

    [Fact]
    public void A_viewer_counts_for_a_minute_after_its_last_range_and_while_one_is_in_flight()
    {
        var time = new FakeTimeProvider();
        var viewers = new ActiveViewers(time);
        viewers.Begin(Alice, "film").Dispose();
        var open = viewers.Begin(Bob, "film");

        time.Advance(ActiveViewers.Window);
        Assert.Equal(2, viewers.CountNow());

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, viewers.CountNow()); // Alice paused past the window; Bob's long range is still being sent

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, viewers.CountNow());
        open.Dispose();
        open.Dispose(); // a second dispose changes nothing
        time.Advance(ActiveViewers.Window);
        Assert.Equal(1, viewers.CountNow()); // counted from when the range ended
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, viewers.CountNow());
        Assert.Equal(0, viewers.InFlight());
    }

    [Fact]
    public void Tracking_is_bounded_and_makes_room_once_old_viewers_are_gone()
    {
        var time = new FakeTimeProvider();
        var viewers = new ActiveViewers(time);
        for (var i = 0; i < ActiveViewers.MaxTracked + 50; i++)
        {
            viewers.Begin(Alice, "file-" + i).Dispose();
        }

        Assert.Equal(ActiveViewers.MaxTracked, viewers.CountNow()); // saturated, not grown

        time.Advance(ActiveViewers.Window + TimeSpan.FromSeconds(1));
        viewers.Begin(Bob, "film").Dispose(); // the full table is pruned before the newcomer is turned away
        Assert.Equal(1, viewers.CountNow());
    }

    [Fact]
    public async Task Streams_count_as_viewers_and_downloads_do_not()
    {
        await using var app = await TestApp.StartAsync(demoTitles: true);
        string play, download;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var file = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().MediaFiles.OrderBy(f => f.Id).FirstAsync();
            var links = scope.ServiceProvider.GetRequiredService<IMediaLinks>();
            play = links.Play(file, DeliveryPolicy.Default)!;
            download = links.Download(file, DeliveryPolicy.Default)!;
        }

        var viewers = app.Services.GetRequiredService<ActiveViewers>();
        using (var response = await app.Client.GetAsync(download))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, app.Services.GetRequiredService<IActiveViewers>().CountNow());

        using (var response = await app.Client.GetAsync(play))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var refused = await app.Client.GetAsync(play.Replace("&s=", "&s=0", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode); // a bad link is nobody watching
        }

        Assert.Equal(1, viewers.CountNow());

        // The server ends the request (and its lease) just after the client has the last byte.
        for (var i = 0; i < 500 && viewers.InFlight() > 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, viewers.InFlight());
        app.Time.Advance(ActiveViewers.Window + TimeSpan.FromSeconds(1));
        Assert.Equal(0, viewers.CountNow());
    }
}
