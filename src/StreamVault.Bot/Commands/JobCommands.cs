using System.Text;
using StreamVault.Bot.Jobs;
using StreamVault.Catalog.Jobs;

namespace StreamVault.Bot.Commands;

/// <summary>/jobs: running jobs first, then the last finished ones, whoever started them (bot, dashboard, CLI).</summary>
internal sealed class JobsCommand(IOperatorJobs jobs) : IBotCommand
{
    // A screenful; older jobs are on the dashboard.
    private const int Shown = 10;

    public string Name => "jobs";

    public string Usage => "/jobs";

    public string Description => "Long jobs: running and recently finished";

    public bool OwnerOnly => false;

    public bool PrivateChatOnly => false;

    public Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var list = jobs.List();
        if (list.Count == 0)
        {
            return context.ReplyAsync("No jobs.", cancellationToken);
        }

        var text = new StringBuilder();
        foreach (var job in list.Take(Shown))
        {
            text.Append(JobStatusMessage.Render(job)).Append("\n\n");
        }

        if (list.Count > Shown)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"… and {list.Count - Shown} older.");
        }

        return context.ReplyAsync(text.ToString().TrimEnd(), cancellationToken);
    }
}

/// <summary>/cancel JOB-ID: asks a running job to stop.</summary>
internal sealed class CancelCommand(IOperatorJobs jobs) : IBotCommand
{
    public string Name => "cancel";

    public string Usage => "/cancel JOB-ID";

    public string Description => "Stop a running job";

    public bool OwnerOnly => false;

    public bool PrivateChatOnly => false;

    public Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (id is null)
        {
            return context.ReplyAsync("Which job? /cancel JOB-ID (see /jobs).", cancellationToken);
        }

        if (jobs.Cancel(id))
        {
            return context.ReplyAsync($"Asked {id} to stop.", cancellationToken);
        }

        return context.ReplyAsync(jobs.Find(id) is null ? $"No job {id}. See /jobs." : $"{id} has already ended.", cancellationToken);
    }
}
