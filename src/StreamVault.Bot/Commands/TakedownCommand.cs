using System.Globalization;
using System.Text;
using StreamVault.Bot.Jobs;
using StreamVault.Bot.Updates;
using StreamVault.Catalog;
using StreamVault.Catalog.Jobs;
using StreamVault.Catalog.Takedown;
using StreamVault.Platform;
using Telegram.Bot.Types.ReplyMarkups;

namespace StreamVault.Bot.Commands;

/// <summary>A takedown waiting for its confirmation.</summary>
internal sealed record PendingTakedown(string TitleId, string TitleName, string Reason, long RequestedBy);

/// <summary>
/// /takedown ID|LINK|TITLE [| REASON]: finds the title, asks with Take down / Cancel buttons, and on Take down runs
/// <see cref="TitleRemoval"/> as a job whose progress and report replace the question in the same message.
/// </summary>
internal sealed class TakedownCommand(TitleRemoval removal, BotConfirmations confirmations) : IBotCommand
{
    public const string DefaultReason = "taken down from the manager bot";

    public string Name => "takedown";

    public string Usage => "/takedown ID|LINK|TITLE [| REASON]";

    public string Description => "Remove a title from every layer (asks first)";

    public bool OwnerOnly => false;

    public bool PrivateChatOnly => false;

    public async Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (query, reason) = Split(context.Arguments);
        if (query.Length == 0)
        {
            await context.ReplyAsync($"Which title? {Usage}", cancellationToken);
            return;
        }

        // The kill switch's own reading of the target (id, any link to the title, or its exact name), so the bot, the
        // CLI and the dashboard take down the same title for the same words.
        var choice = await removal.ChooseAsync(query, cancellationToken);
        if (choice.Title is not { } title)
        {
            var refusal = new StringBuilder($"No title taken down: {choice.Problem}.");
            foreach (var candidate in choice.Candidates)
            {
                refusal.Append('\n').Append(Describe(candidate)).Append(" — ").Append(candidate.Id);
            }

            await context.ReplyAsync(refusal.ToString(), cancellationToken);
            return;
        }

        var key = confirmations.Add(new PendingTakedown(title.Id, title.Name, reason, context.UserId));
        var keyboard = new InlineKeyboardMarkup(
        [
            [InlineKeyboardButton.WithCallbackData("Take down", $"{TakedownButtons.DataPrefix}:yes:{key}"), InlineKeyboardButton.WithCallbackData("Cancel", $"{TakedownButtons.DataPrefix}:no:{key}")],
        ]);
        var already = title.Removed ? "\nIt is a tombstone already: this retries what failed last time." : string.Empty;
        await context.ReplyAsync($"Take down {Describe(title)} ({title.Id})?\nReason: {reason}\nIts links answer 410 at once; its bytes are deleted from every layer.{already}", keyboard, cancellationToken);
    }

    internal static string Describe(TitleCandidate title) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{title.Name}\"{(title.Year is { } y ? $" ({y})" : string.Empty)}{(title.Removed ? ", taken down" : string.Empty)}");

    /// <summary>"QUERY | REASON"; else an id or link and the words after it as the reason; else the first line is the
    /// title and the next lines the reason.</summary>
    internal static (string Query, string Reason) Split(string arguments)
    {
        var bar = arguments.IndexOf('|', StringComparison.Ordinal);
        if (bar >= 0)
        {
            return (arguments[..bar].Trim(), OrDefault(arguments[(bar + 1)..]));
        }

        var lines = arguments.Split('\n', 2);
        var first = lines[0].Trim();
        var words = first.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 0 && (IsLink(words[0]) || LooksLikeId(words[0])))
        {
            return (words[0], OrDefault((words.Length > 1 ? words[1] : string.Empty) + (lines.Length > 1 ? "\n" + lines[1] : string.Empty)));
        }

        return (first, OrDefault(lines.Length > 1 ? lines[1] : string.Empty));
    }

    private static bool IsLink(string word) =>
        word.StartsWith('/') || (Uri.TryCreate(word, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));

    // Public ids: 12 characters of a lower-case alphabet without look-alikes (StreamVault.Data.PublicIds).
    private static bool LooksLikeId(string word) => word.Length == 12 && word.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));

    private static string OrDefault(string reason) => reason.Trim() is { Length: > 0 } given ? given : DefaultReason;
}

/// <summary>The Take down / Cancel buttons of <see cref="TakedownCommand"/>.</summary>
internal sealed class TakedownButtons(BotConfirmations confirmations, IOperatorJobs jobs, IServiceScopeFactory scopes, BotBackgroundWork background, JobStatusMessage status) : IBotButtonHandler
{
    public const string DataPrefix = "td";

    public string Prefix => DataPrefix;

    public async Task<string?> HandleAsync(BotButtonContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parts = context.Data.Split(':');
        if (parts is not [var answer and ("yes" or "no"), var key] || confirmations.Take<PendingTakedown>(key) is not { } pending)
        {
            await context.Replies.EditAsync(context.ChatId, context.MessageId, "This question has expired or was answered already. Send /takedown again.", null, cancellationToken);
            return "Expired";
        }

        if (answer == "no")
        {
            await context.Replies.EditAsync(context.ChatId, context.MessageId, $"Takedown of \"{pending.TitleName}\" cancelled.", null, cancellationToken);
            return "Cancelled";
        }

        var actor = context.Actor;
        var job = jobs.Start("takedown", $"Takedown of \"{pending.TitleName}\"", actor, progress => RemoveAsync(pending, actor, progress));
        await context.Replies.EditAsync(context.ChatId, context.MessageId, JobStatusMessage.Render(job), null, cancellationToken);
        background.Run(ct => status.FollowAsync(context.ChatId, context.MessageId, job.Id, ct));
        return "Taking it down";
    }

    private async Task<string> RemoveAsync(PendingTakedown pending, string actor, IJobProgress progress)
    {
        progress.Report("tombstone, caches, vault…");
        await using var scope = scopes.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<TitleRemoval>().TakedownAsync(pending.TitleId, actor, pending.Reason, progress.Cancellation);
        if (outcome.Report is not { } report)
        {
            return $"Nothing taken down: {outcome.Problem}.";
        }

        var text = new StringBuilder("Taken down: its links answer 410.");
        foreach (var layer in report.Layers)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n• {layer.Layer}: {layer.Items} removed, {ByteSizeText.Format(layer.Bytes)}");
        }

        foreach (var failure in report.Failures)
        {
            text.Append("\n⚠ ").Append(failure);
        }

        if (report.Failures.Count > 0)
        {
            text.Append("\nRun the takedown again to retry what failed.");
        }

        return text.ToString();
    }
}
