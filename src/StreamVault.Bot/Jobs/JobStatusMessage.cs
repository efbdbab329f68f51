using System.Globalization;
using Microsoft.Extensions.Options;
using StreamVault.Bot.Sending;
using StreamVault.Catalog.Jobs;

namespace StreamVault.Bot.Jobs;

/// <summary>
/// Shows a long job's progress in ONE message: edited at most every <see cref="BotOptions.StatusInterval"/> and only
/// when its text changed, so a busy job never spends the chat's flood budget (edits count) and the operator does not
/// get a message per step. Any job of <see cref="IOperatorJobs"/> plugs in: takedown now, import and leech later.
/// </summary>
internal sealed class JobStatusMessage(IOperatorJobs jobs, IBotReplies replies, IOptions<BotOptions> options, TimeProvider time)
{
    /// <summary>Follows <paramref name="jobId"/> in the message until the job ends; the last edit is its outcome.</summary>
    public async Task FollowAsync(long chatId, int messageId, string jobId, CancellationToken cancellationToken)
    {
        var interval = options.Value.StatusInterval;
        string? shown = null;
        DateTimeOffset? lastEdit = null;
        while (true)
        {
            var job = jobs.Find(jobId);
            var text = job is null ? $"Job {jobId} is no longer listed." : Render(job);
            if (text != shown)
            {
                if (lastEdit is { } last && last + interval - time.GetUtcNow() is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait, time, cancellationToken);
                    continue; // read it again: it may have moved on while we waited
                }

                await replies.EditAsync(chatId, messageId, text, null, cancellationToken);
                shown = text;
                lastEdit = time.GetUtcNow();
            }

            if (job is null || job.IsFinished)
            {
                return;
            }

            // Wake at the next allowed edit, or as soon as the job ends.
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var finished = jobs.WaitAsync(jobId, tick.Token);
            var next = Task.Delay(interval, time, tick.Token);
            await Task.WhenAny(finished, next);
            await tick.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public static string Render(JobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var state = job.State switch
        {
            JobState.Running => job.Fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $"running, {f * 100:0}%") : "running",
            JobState.Succeeded => "done",
            JobState.Failed => "failed",
            _ => "cancelled",
        };
        return $"{job.Description}\n{job.Id}: {state}\n{job.Status}";
    }
}
