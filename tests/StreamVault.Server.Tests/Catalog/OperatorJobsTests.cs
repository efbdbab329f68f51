using Microsoft.Extensions.Logging.Abstractions;
using StreamVault.Catalog.Jobs;

namespace StreamVault.Server.Tests.Catalog;

public sealed class OperatorJobsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_job_reports_progress_and_ends_with_its_summary()
    {
        using var jobs = new OperatorJobs(TimeProvider.System, NullLogger<OperatorJobs>.Instance);
        var reported = new TaskCompletionSource();
        var proceed = new TaskCompletionSource();
        var started = jobs.Start("import", "@films", "owner", async progress =>
        {
            progress.Report("12 of 48 posts", 0.25);
            reported.SetResult();
            await proceed.Task;
            return "48 posts, 3 titles";
        });

        Assert.Equal(JobState.Running, started.State);
        await reported.Task.WaitAsync(Patience);
        var running = jobs.Find(started.Id)!;
        Assert.Equal("12 of 48 posts", running.Status);
        Assert.Equal(0.25, running.Fraction);

        proceed.SetResult();
        var done = await jobs.WaitAsync(started.Id, CancellationToken.None).WaitAsync(Patience);
        Assert.Equal(JobState.Succeeded, done!.State);
        Assert.Equal("48 posts, 3 titles", done.Status);
        Assert.Equal(1, done.Fraction);
        Assert.NotNull(done.Ended);
        Assert.False(jobs.Cancel(started.Id));
    }

    [Fact]
    public async Task Cancel_stops_a_running_job_and_a_failure_is_its_result()
    {
        using var jobs = new OperatorJobs(TimeProvider.System, NullLogger<OperatorJobs>.Instance);
        var slow = jobs.Start("leech", "https://example.org/a.mkv", "admin", async progress =>
        {
            progress.Report("3 MiB of 700 MiB");
            await Task.Delay(Timeout.Infinite, progress.Cancellation);
            return "never";
        });
        var broken = jobs.Start("leech", "https://example.org/b.mkv", "admin", _ => throw new InvalidOperationException("not a video"));

        Assert.True(jobs.Cancel(slow.Id));
        var cancelled = await jobs.WaitAsync(slow.Id, CancellationToken.None).WaitAsync(Patience);
        var failed = await jobs.WaitAsync(broken.Id, CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(JobState.Cancelled, cancelled!.State);
        Assert.Contains("3 MiB of 700 MiB", cancelled.Status, StringComparison.Ordinal);
        Assert.Equal(JobState.Failed, failed!.State);
        Assert.Equal("not a video", failed.Status);
        Assert.False(jobs.Cancel("leech-999"));
        Assert.Null(await jobs.WaitAsync("leech-999", CancellationToken.None));
    }

    [Fact]
    public async Task Running_jobs_are_listed_before_finished_ones()
    {
        using var jobs = new OperatorJobs(TimeProvider.System, NullLogger<OperatorJobs>.Instance);
        var finished = jobs.Start("ingest", "a", "owner", _ => Task.FromResult("ok"));
        await jobs.WaitAsync(finished.Id, CancellationToken.None).WaitAsync(Patience);
        var gate = new TaskCompletionSource<string>();
        var running = jobs.Start("ingest", "b", "owner", _ => gate.Task);

        Assert.Equal([running.Id, finished.Id], jobs.List().Select(j => j.Id));
        gate.SetResult("ok");
        await jobs.WaitAsync(running.Id, CancellationToken.None).WaitAsync(Patience);
    }
}
