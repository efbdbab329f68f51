using System.Globalization;
using StreamVault.Catalog.Jobs;
using StreamVault.Vaults.Channels;

namespace StreamVault.Catalog.Import;

/// <summary>Starts a channel import as an operator job (progress and cancel from any front end: the bot, the
/// dashboard, the admin API). The channel name is checked before the job starts, so a typo is an answer, not a failed job.</summary>
public sealed class ChannelImportJobs(IOperatorJobs jobs, IServiceScopeFactory scopes)
{
    public const string Kind = "import";

    /// <exception cref="ChannelImportException">The channel is not named in a form that can be resolved.</exception>
    public JobSnapshot Start(string channel, int? fromId, string actor)
    {
        var (username, error) = ChannelReference.Parse(channel);
        if (username is null)
        {
            throw new ChannelImportException(error!);
        }

        if (fromId is < 1)
        {
            throw new ChannelImportException("from-id must be a message id of 1 or more.");
        }

        var description = fromId is { } from ? string.Create(CultureInfo.InvariantCulture, $"import @{username} from message {from}") : $"import @{username}";
        return jobs.Start(Kind, description, actor, async progress =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<ChannelImporter>();
            return (await importer.ImportAsync(username, fromId, progress, progress.Cancellation)).Summary;
        });
    }
}
