using Microsoft.Extensions.Time.Testing;
using StreamVault.Bot.Sending;

namespace StreamVault.Bot.Tests.Sending;

/// <summary>The limiter's arithmetic on a fake clock: one a second in a private chat, twenty a minute in a group,
/// each slot counted from when Telegram answered, and a bench from a 429 held in full.</summary>
public sealed class ChatRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_group_gets_twenty_a_minute_then_waits_for_the_oldest_to_leave_the_window()
    {
        var limiter = new ChatRateLimiter(_time);
        for (var i = 0; i < 20; i++)
        {
            (await limiter.AcquireAsync(-100, CancellationToken.None)).Dispose();
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var twentyFirst = limiter.AcquireAsync(-100, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(39));
        Assert.False(twentyFirst.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1)); // the first was answered at 0 s: its slot frees at 60 s
        (await twentyFirst.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }

    [Fact]
    public async Task A_private_chat_waits_a_second_from_the_previous_answer_and_other_chats_do_not_wait()
    {
        var limiter = new ChatRateLimiter(_time);
        var first = await limiter.AcquireAsync(42, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5)); // a slow answer: the next second counts from here
        first.Dispose();

        var other = limiter.AcquireAsync(43, CancellationToken.None);
        Assert.True(other.IsCompletedSuccessfully);
        (await other).Dispose();

        var second = limiter.AcquireAsync(42, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        (await second.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }

    [Fact]
    public async Task A_refused_send_does_not_count_and_a_bench_is_held_in_full()
    {
        var limiter = new ChatRateLimiter(_time);
        using (var refused = await limiter.AcquireAsync(7, CancellationToken.None))
        {
            refused.Refused();
        }

        limiter.Bench(7, _time.GetUtcNow() + TimeSpan.FromSeconds(10));
        var next = limiter.AcquireAsync(7, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        (await next.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }
}
