using StreamVault.Bot.Jobs;
using StreamVault.Bot.Updates;
using StreamVault.Catalog.Import;
using StreamVault.Catalog.Jobs;
using StreamVault.Catalog.Leech;
using StreamVault.Vaults;

namespace StreamVault.Bot.Commands;

/// <summary>Starts an operator job and follows it in one status message (edited every few seconds at most, only when
/// its text changed): what /import and /leech share.</summary>
internal sealed class JobReply(JobStatusMessage status, BotBackgroundWork background)
{
    public async Task FollowAsync(BotCommandContext context, JobSnapshot job, CancellationToken cancellationToken)
    {
        var message = await context.ReplyAsync(JobStatusMessage.Render(job), cancellationToken);
        background.Run(ct => status.FollowAsync(context.ChatId, message.MessageId, job.Id, ct));
    }
}

/// <summary>/import @channel|LINK [FROM-ID]: indexes a channel's existing video posts in place, as `streamvault import`
/// and the dashboard do (<see cref="ChannelImportJobs"/>).</summary>
internal sealed class ImportCommand(ChannelImportJobs imports, JobReply reply) : IBotCommand
{
    public string Name => "import";

    public string Usage => "/import @channel|LINK [FROM-ID]";

    public string Description => "Index a channel's video posts without uploading them again";

    public bool OwnerOnly => false;

    public bool PrivateChatOnly => false;

    public async Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var words = context.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length is 0 or > 2)
        {
            await context.ReplyAsync($"Which channel? {Usage}", cancellationToken);
            return;
        }

        int? fromId = null;
        if (words.Length == 2)
        {
            if (!int.TryParse(words[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var from))
            {
                await context.ReplyAsync("from-id must be a message id of 1 or more.", cancellationToken);
                return;
            }

            fromId = from;
        }

        JobSnapshot job;
        try
        {
            job = imports.Start(words[0], fromId, context.Actor);
        }
        catch (ChannelImportException ex)
        {
            await context.ReplyAsync($"Not imported: {ex.Message}", cancellationToken);
            return;
        }

        await reply.FollowAsync(context, job, cancellationToken);
    }
}

/// <summary>/leech URL: downloads a link (or an archive of media) into the vault, as `streamvault ingest URL` and the
/// dashboard do (<see cref="LeechService"/>, with its address rules).</summary>
internal sealed class LeechCommand(LeechService leech, JobReply reply) : IBotCommand
{
    public string Name => "leech";

    public string Usage => "/leech URL";

    public string Description => "Download a link into the vault";

    public bool OwnerOnly => false;

    public bool PrivateChatOnly => false;

    public async Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var link = context.Arguments.Trim();
        if (link.Length == 0)
        {
            await context.ReplyAsync($"Which link? {Usage}", cancellationToken);
            return;
        }

        JobSnapshot job;
        try
        {
            job = leech.Start(link, context.Actor);
        }
        catch (LeechRefusedException ex)
        {
            await context.ReplyAsync($"Not leeched: {ex.Message}.", cancellationToken);
            return;
        }

        await reply.FollowAsync(context, job, cancellationToken);
    }
}

/// <summary>/index on|off @channel: whether the server indexes a channel's new posts (and tombstones deleted ones), as
/// `streamvault channels index` does (<see cref="ChannelIndexing"/>).</summary>
internal sealed class IndexCommand(ChannelIndexing indexing) : IBotCommand
{
    public string Name => "index";

    public string Usage => "/index on|off @channel";

    public string Description => "Auto-index a channel's new posts, or stop";

    public bool OwnerOnly => false;

    public bool PrivateChatOnly => false;

    public async Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var words = context.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length != 2 || words[0] is not ("on" or "off"))
        {
            await context.ReplyAsync(Usage, cancellationToken);
            return;
        }

        try
        {
            await context.ReplyAsync(await indexing.SetAsync(words[1], words[0] == "on", cancellationToken), cancellationToken);
        }
        catch (ChannelImportException ex)
        {
            await context.ReplyAsync($"Not changed: {ex.Message}", cancellationToken);
        }
        catch (VaultUnavailableException ex)
        {
            await context.ReplyAsync($"Not changed: Telegram could not be read ({ex.Message}). Try again.", cancellationToken);
        }
    }
}
