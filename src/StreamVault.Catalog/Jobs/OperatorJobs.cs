using System.Collections.Concurrent;

namespace StreamVault.Catalog.Jobs;

public enum JobState
{
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>What a front end shows of a job: the bot's status message, the dashboard's row, the CLI's progress line.</summary>
public sealed record JobSnapshot(string Id, string Kind, string Description, string Actor, JobState State, string Status, double? Fraction, DateTimeOffset Started, DateTimeOffset? Ended)
{
    public bool IsFinished => State != JobState.Running;
}

/// <summary>The handle a job's work reports through. Progress is cheap to report often: watchers read snapshots at
/// their own pace (the bot edits its message every few seconds at most).</summary>
public interface IJobProgress
{
    string Id { get; }

    /// <summary>Cancelled by <see cref="IOperatorJobs.Cancel"/> or when the server stops.</summary>
    CancellationToken Cancellation { get; }

    void Report(string status, double? fraction = null);
}

/// <summary>
/// Long operator work (channel import, leech, ingest, takedown of many titles) started from any front end — the manager
/// bot, the dashboard, the CLI inside a running server — and seen and cancelled from any other. Jobs live in this
/// process; a finished job stays listed for a while so whoever started it can read how it ended.
/// </summary>
public interface IOperatorJobs
{
    /// <summary>Starts <paramref name="work"/> in the background; its result is the job's final status line.</summary>
    JobSnapshot Start(string kind, string description, string actor, Func<IJobProgress, Task<string>> work);

    JobSnapshot? Find(string id);

    /// <summary>Running jobs first, then the most recently finished.</summary>
    IReadOnlyList<JobSnapshot> List();

    /// <summary>Asks a running job to stop; false when there is no such running job.</summary>
    bool Cancel(string id);

    /// <summary>Completes when the job has finished (at once for an unknown id).</summary>
    Task<JobSnapshot?> WaitAsync(string id, CancellationToken cancellationToken);
}

internal sealed partial class OperatorJobs(TimeProvider time, ILogger<OperatorJobs> logger) : IOperatorJobs, IDisposable
{
    // Enough finished jobs for an operator to look back over a day's work without the list growing without bound.
    private const int FinishedKept = 50;

    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private long _next;

    public JobSnapshot Start(string kind, string description, string actor, Func<IJobProgress, Task<string>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var id = $"{kind}-{Interlocked.Increment(ref _next)}";
        var job = new Job(id, kind, description, actor, time.GetUtcNow(), CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
        _jobs[id] = job;
        job.Done = Task.Run(() => RunAsync(job, work));
        Trim();
        return job.Snapshot();
    }

    public JobSnapshot? Find(string id) => _jobs.TryGetValue(id, out var job) ? job.Snapshot() : null;

    public IReadOnlyList<JobSnapshot> List() =>
        [.. _jobs.Values.Select(j => j.Snapshot()).OrderBy(s => s.IsFinished).ThenByDescending(s => s.Ended ?? s.Started).ThenByDescending(s => s.Started)];

    public bool Cancel(string id)
    {
        if (!_jobs.TryGetValue(id, out var job) || job.Snapshot().IsFinished)
        {
            return false;
        }

        try
        {
            job.CancelSource.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false; // it finished between the look and the cancel
        }
    }

    public async Task<JobSnapshot?> WaitAsync(string id, CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return null;
        }

        await job.Done!.WaitAsync(cancellationToken);
        return job.Snapshot();
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task RunAsync(Job job, Func<IJobProgress, Task<string>> work)
    {
        try
        {
            var summary = await work(job);
            job.Finish(JobState.Succeeded, summary, time.GetUtcNow());
        }
        catch (OperationCanceledException) when (job.CancelSource.IsCancellationRequested)
        {
            job.Finish(JobState.Cancelled, $"cancelled: {job.Snapshot().Status}", time.GetUtcNow());
        }
#pragma warning disable CA1031 // a job's failure is its result: it is shown to the operator, not thrown at the thread pool
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex, job.Id);
            job.Finish(JobState.Failed, ex.Message, time.GetUtcNow());
        }
        finally
        {
            job.CancelSource.Dispose();
        }
    }

    private void Trim()
    {
        foreach (var old in _jobs.Values.Select(j => j.Snapshot()).Where(s => s.IsFinished).OrderByDescending(s => s.Ended).Skip(FinishedKept))
        {
            _jobs.TryRemove(old.Id, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string jobId);

    private sealed class Job(string id, string kind, string description, string actor, DateTimeOffset started, CancellationTokenSource cancel) : IJobProgress
    {
        private readonly Lock _lock = new();
        private JobSnapshot _snapshot = new(id, kind, description, actor, JobState.Running, "starting", null, started, null);

        public string Id => id;

        public CancellationTokenSource CancelSource => cancel;

        public CancellationToken Cancellation { get; } = cancel.Token;

        public Task? Done { get; set; }

        public JobSnapshot Snapshot()
        {
            lock (_lock)
            {
                return _snapshot;
            }
        }

        public void Report(string status, double? fraction = null)
        {
            lock (_lock)
            {
                if (!_snapshot.IsFinished)
                {
                    _snapshot = _snapshot with { Status = status, Fraction = fraction is { } f ? Math.Clamp(f, 0, 1) : null };
                }
            }
        }

        public void Finish(JobState state, string status, DateTimeOffset at)
        {
            lock (_lock)
            {
                _snapshot = _snapshot with { State = state, Status = status, Fraction = state == JobState.Succeeded ? 1 : _snapshot.Fraction, Ended = at };
            }
        }
    }
}
