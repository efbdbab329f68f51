using Microsoft.Extensions.DependencyInjection;
using StreamVault.Catalog;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StreamVault.Bot.Jobs;
using StreamVault.Bot.Sending;
using StreamVault.Catalog.Jobs;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace StreamVault.Bot.Tests.Jobs;

/// <summary>The status message on a fake clock: one message, edited only when its text changed and never sooner than
/// the interval after the last edit; the last edit is the outcome.</summary>
public sealed class JobStatusMessageTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Edits_only_changes_at_most_once_per_interval_and_ends_with_the_outcome()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var replies = new RecordingReplies(time);
        await using var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(time).AddCatalog().BuildServiceProvider();
        var jobs = services.GetRequiredService<IOperatorJobs>();
        var steps = new[] { new TaskCompletionSource(), new TaskCompletionSource(), new TaskCompletionSource() };
        var job = jobs.Start("test", "A job", "test", async p =>
        {
            p.Report("step 1");
            await steps[0].Task;
            p.Report("step 1"); // the same text again: nothing to edit
            await steps[1].Task;
            p.Report("step 2");
            p.Report("step 3"); // two changes inside one interval: only the later is shown
            await steps[2].Task;
            return "all done";
        });
        await WaitUntilAsync(() => jobs.Find(job.Id)!.Status == "step 1");

        var status = new JobStatusMessage(jobs, replies, Options.Create(new BotOptions { StatusInterval = Interval }), time);
        var following = status.FollowAsync(5, 9, job.Id, CancellationToken.None);
        await WaitUntilAsync(() => replies.Edits.Count == 1);
        Assert.Contains("step 1", replies.Edits[0].Text, StringComparison.Ordinal);

        // Two steps later the status is "step 3"; nothing is edited before the interval has passed.
        steps[0].SetResult();
        steps[1].SetResult();
        await WaitUntilAsync(() => jobs.Find(job.Id)!.Status == "step 3");
        Assert.Single(replies.Edits);
        await AdvanceUntilAsync(time, () => replies.Edits.Count == 2);
        Assert.Contains("step 3", replies.Edits[1].Text, StringComparison.Ordinal);

        steps[2].SetResult();
        await WaitUntilAsync(() => jobs.Find(job.Id)!.IsFinished);
        // Finished within the interval of the last edit: the outcome waits for it.
        Assert.Equal(2, replies.Edits.Count);
        await AdvanceUntilAsync(time, () => following.IsCompleted);
        await following;
        Assert.Equal(3, replies.Edits.Count);
        Assert.Contains("done", replies.Edits[2].Text, StringComparison.Ordinal);
        Assert.Contains("all done", replies.Edits[2].Text, StringComparison.Ordinal);
        Assert.All(replies.Edits, e => Assert.Equal((5L, 9), (e.ChatId, e.MessageId)));
        for (var i = 1; i < replies.Edits.Count; i++)
        {
            Assert.True(replies.Edits[i].At - replies.Edits[i - 1].At >= Interval);
            Assert.NotEqual(replies.Edits[i].Text, replies.Edits[i - 1].Text);
        }
    }

    /// <summary>Moves the fake clock a second at a time until <paramref name="condition"/> holds: the helper may not
    /// have armed its timer yet when the test first advances.</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5, timeout.Token);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    private sealed class RecordingReplies(TimeProvider time) : IBotReplies
    {
        public List<(long ChatId, int MessageId, string Text, DateTimeOffset At)> Edits { get; } = [];

        public Task<Message> SendAsync(long chatId, string text, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task EditAsync(long chatId, int messageId, string text, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken)
        {
            lock (Edits)
            {
                Edits.Add((chatId, messageId, text, time.GetUtcNow()));
            }

            return Task.CompletedTask;
        }

        public Task AnswerCallbackAsync(string callbackQueryId, string? text, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(long chatId, int messageId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
