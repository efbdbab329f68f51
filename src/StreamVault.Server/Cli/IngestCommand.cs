using System.CommandLine;
using Spectre.Console;
using StreamVault.Artwork;
using StreamVault.Catalog;
using StreamVault.Catalog.Ingest;
using StreamVault.Server.Hosting;

namespace StreamVault.Server.Cli;

internal static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Media files or folders (searched recursively), or http(s) links to a media file or a zip, rar or 7z of them.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("ingest", "Copy media files into the vault and add them to the catalogue. Sidecar subtitles (Name.en.srt, .vtt, .ass) come along. Links are downloaded (resumed when the connection drops) and archives unpacked first. Re-running is safe: files already present are skipped, an interrupted run is finished.");
        command.Arguments.Add(paths);
        command.SetAction(async (parse, ct) =>
        {
            var all = parse.GetValue(paths)!;
            var links = all.Where(IsLink).ToList();
            if (links.Count > 0)
            {
                if (links.Count != all.Length)
                {
                    await Console.Error.WriteLineAsync("streamvault ingest: give either links or paths in one command, not both.");
                    return CliRoot.BadInput;
                }

                return await LeechCommand.RunAsync(parse, links, ct);
            }

            IReadOnlyList<string> files;
            try
            {
                files = IngestService.ExpandPaths(all);
            }
            catch (FileNotFoundException ex)
            {
                await Console.Error.WriteLineAsync($"streamvault ingest: {TerminalText.Safe(ex.Message)}");
                return CliRoot.BadInput;
            }

            if (files.Count == 0)
            {
                await Console.Error.WriteLineAsync("streamvault ingest: no media files found (looked for " + string.Join(' ', IngestService.MediaExtensions.Order()) + ").");
                return CliRoot.BadInput;
            }

            await using var services = await StreamVaultConfiguration.BuildServicesAsync(CliRoot.Overrides(parse), s => s.AddCatalog().AddArtwork(), ct);
            var probe = services.GetRequiredService<MediaProbe>();
            if (!probe.IsAvailable)
            {
                AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(MediaProbe.UnavailableWarning)}");
            }

            if (!services.GetRequiredService<ArtworkService>().CanDraw)
            {
                AnsiConsole.MarkupLine($"[yellow]note:[/] {Markup.Escape(ArtworkService.UnavailableNote)}");
            }

            try
            {
                var results = await RunAsync(services, files, ct);
                PrintSummary(results);
                // A file that is not media is bad input (2); a failure of ours or of the disk is 1.
                return results.Any(r => r.Outcome == IngestOutcome.Failed) ? CliRoot.Failed
                    : results.Any(r => r.Outcome == IngestOutcome.Refused) ? CliRoot.BadInput
                    : CliRoot.Ok;
            }
            catch (OperationCanceledException)
            {
                AnsiConsole.MarkupLine("[yellow]Interrupted.[/] Nothing half-done is visible in the catalogue; run the same command again to finish.");
                return CliRoot.Interrupted;
            }
        });
        return command;
    }

    private static bool IsLink(string argument) =>
        argument.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || argument.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static async Task<List<IngestFileResult>> RunAsync(IServiceProvider services, IReadOnlyList<string> files, CancellationToken ct)
    {
        var results = new List<IngestFileResult>();
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                foreach (var file in files)
                {
                    var name = TerminalText.Safe(Path.GetFileName(file));
                    var task = progress.AddTask(Markup.Escape(name.Length > 48 ? name[..45] + "..." : name), maxValue: Math.Max(1, new FileInfo(file).Length));
                    await using var scope = services.CreateAsyncScope();
                    var ingest = scope.ServiceProvider.GetRequiredService<IngestService>();
                    IngestFileResult result;
                    try
                    {
                        result = await ingest.IngestFileAsync(file, new Progress<long>(bytes => task.Value = bytes), ct);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        result = new IngestFileResult(file, IngestOutcome.Failed, Message: ex.Message);
                    }

                    task.Value = task.MaxValue;
                    task.StopTask();
                    results.Add(result);
                }
            });
        return results;
    }

    internal static void PrintSummary(List<IngestFileResult> results)
    {
        foreach (var refused in results.Where(r => r.Outcome == IngestOutcome.Refused))
        {
            AnsiConsole.MarkupLine($"[yellow]skipped:[/] {Markup.Escape(refused.Path)}: {Markup.Escape(refused.Message ?? "not media")}");
        }

        foreach (var failure in results.Where(r => r.Outcome == IngestOutcome.Failed))
        {
            AnsiConsole.MarkupLine($"[red]failed:[/] {TerminalText.Markup(failure.Path)}: {TerminalText.Markup(failure.Message ?? "unknown error")}");
        }

        AnsiConsole.MarkupLine(
            $"[green]{results.Count(r => r.Outcome == IngestOutcome.Added)} added[/], " +
            $"{results.Count(r => r.Outcome == IngestOutcome.AlreadyPresent)} already present, " +
            $"[yellow]{results.Count(r => r.Outcome == IngestOutcome.Refused)} not media[/], " +
            $"[red]{results.Count(r => r.Outcome == IngestOutcome.Failed)} failed[/].");
    }
}
