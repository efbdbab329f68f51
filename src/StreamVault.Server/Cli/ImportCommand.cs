using System.CommandLine;
using Spectre.Console;
using StreamVault.Catalog;
using StreamVault.Catalog.Import;
using StreamVault.Catalog.Jobs;
using StreamVault.Server.Hosting;
using StreamVault.Vaults;
using StreamVault.Vaults.Channels;

namespace StreamVault.Server.Cli;

/// <summary>`streamvault import @channel|link [--from-id N]`: indexes a channel's existing video posts in place.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var channel = new Argument<string>("channel") { Description = "The channel: @username or a https://t.me/username link." };
        var fromId = new Option<int?>("--from-id") { Description = "Start at this message id (default: where the last import of this channel stopped)." };
        var command = new Command("import", "Index the video posts a Telegram channel already holds, without uploading them again (needs StreamVault:Vaults:Default = telegram). Re-running is safe: an interrupted import resumes, posts already in the catalogue are skipped.");
        command.Arguments.Add(channel);
        command.Options.Add(fromId);
        command.SetAction(async (parse, ct) =>
        {
            var (username, error) = ChannelReference.Parse(parse.GetValue(channel));
            if (username is null)
            {
                await Console.Error.WriteLineAsync($"streamvault import: {TerminalText.Safe(error!)}");
                return CliRoot.BadInput;
            }

            if (parse.GetValue(fromId) is < 1)
            {
                await Console.Error.WriteLineAsync("streamvault import: --from-id must be a message id of 1 or more.");
                return CliRoot.BadInput;
            }

            await using var services = await StreamVaultConfiguration.BuildServicesAsync(CliRoot.Overrides(parse), s => s.AddCatalog(), ct);
            return await ExplainFailuresAsync("import", async () =>
            {
                ChannelImportResult result = null!;
                await AnsiConsole.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask(Markup.Escape($"@{username}"), maxValue: 1);
                        await using var scope = services.CreateAsyncScope();
                        var importer = scope.ServiceProvider.GetRequiredService<ChannelImporter>();
                        result = await importer.ImportAsync(username, parse.GetValue(fromId), new BarProgress(task, ct), ct);
                        task.Value = 1;
                        task.StopTask();
                    });
                AnsiConsole.MarkupLine(TerminalText.Markup(result.Summary));
                return CliRoot.Ok;
            });
        });
        return command;
    }

    /// <summary>The channel commands' failures as one line and an exit code: the operator's mistake (2), Telegram
    /// out of reach (1), Ctrl-C (130; the cursor was saved).</summary>
    internal static async Task<int> ExplainFailuresAsync(string command, Func<Task<int>> work)
    {
        try
        {
            return await work();
        }
        catch (ChannelImportException ex)
        {
            await Console.Error.WriteLineAsync($"streamvault {command}: {TerminalText.Safe(ex.Message)}");
            return CliRoot.BadInput;
        }
        catch (VaultUnavailableException ex)
        {
            await Console.Error.WriteLineAsync($"streamvault {command}: Telegram could not be read ({TerminalText.Safe(ex.Message)}); run the same command again to resume.");
            return CliRoot.Failed;
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]Interrupted.[/] Work stopped at its last saved message; run the same command again to resume.");
            return CliRoot.Interrupted;
        }
    }

    /// <summary>The importer's progress as the command's bar and status line.</summary>
    private sealed class BarProgress(ProgressTask task, CancellationToken cancellation) : IJobProgress
    {
        public string Id => "cli";

        public CancellationToken Cancellation => cancellation;

        public void Report(string status, double? fraction = null)
        {
            task.Description = Markup.Escape(TerminalText.Safe(status));
            if (fraction is { } f)
            {
                task.Value = Math.Clamp(f, 0, 1);
            }
        }
    }
}
