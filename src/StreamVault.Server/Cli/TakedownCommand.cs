using System.CommandLine;
using Spectre.Console;
using StreamVault.Artwork;
using StreamVault.Catalog;
using StreamVault.Catalog.Takedown;
using StreamVault.Platform;
using StreamVault.Server.Hosting;

namespace StreamVault.Server.Cli;

/// <summary>`streamvault takedown TARGET --reason TEXT`: the kill switch, with a table of what each layer removed.</summary>
internal static class TakedownCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "The title's id, a link to it (title page, stream, download, subtitle or artwork link), or its exact name." };
        var reason = new Option<string>("--reason") { Description = "Why it is taken down (kept in the audit log), e.g. the DMCA notice's reference.", Required = true };
        var command = new Command("takedown", "Take a title down everywhere at once: links answer 410 Gone, then cached slices, artwork, nginx cache entries and the source are deleted, and the takedown is audited. Re-running retries what failed.");
        command.Arguments.Add(target);
        command.Options.Add(reason);
        command.SetAction(async (parse, ct) =>
        {
            var why = parse.GetValue(reason)!.Trim();
            if (why.Length == 0)
            {
                await Console.Error.WriteLineAsync("streamvault takedown: --reason must say why (it is kept in the audit log).");
                return CliRoot.BadInput;
            }

            await using var services = await StreamVaultConfiguration.BuildServicesAsync(CliRoot.Overrides(parse), s => s.AddCatalog().AddArtwork(), ct);
            await using var scope = services.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<TitleRemoval>().TakedownAsync(parse.GetValue(target)!, "cli:" + Environment.UserName, why, ct);
            if (outcome.Report is not { } report)
            {
                await Console.Error.WriteLineAsync($"streamvault takedown: {TerminalText.Safe(outcome.Problem)}.");
                foreach (var candidate in outcome.Candidates)
                {
                    await Console.Error.WriteLineAsync($"  {candidate.Id}  {TerminalText.Safe(candidate.Name)}{(candidate.Year is { } y ? $" ({y})" : "")}{(candidate.Removed ? " (removed)" : "")}");
                }

                return CliRoot.BadInput;
            }

            Print(report);
            return report.Failures.Count == 0 ? CliRoot.Ok : CliRoot.Failed;
        });
        return command;
    }

    private static void Print(TakedownReport report)
    {
        AnsiConsole.MarkupLine($"Took down [bold]{TerminalText.Markup(report.TitleName)}[/] ({report.TitleId}): it answers 410 Gone on every route.");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Layer", "Removed", "Bytes", "Failures");
        foreach (var layer in report.Layers)
        {
            var what = layer.Layer == TitleRemoval.SourceLayer && !report.SourceDeleted ? $"{layer.Items} (hidden, kept)" : layer.Items.ToString(System.Globalization.CultureInfo.InvariantCulture);
            table.AddRow(Markup.Escape(layer.Layer), what, ByteSizeText.Format(layer.Bytes), layer.Failures.Count == 0 ? "[green]none[/]" : $"[red]{layer.Failures.Count}[/]");
        }

        AnsiConsole.Write(table);
        foreach (var failure in report.Failures)
        {
            AnsiConsole.MarkupLine($"[red]{TerminalText.Markup(failure)}[/]");
        }

        if (report.Failures.Count > 0)
        {
            AnsiConsole.MarkupLine("Run the same command again to retry what failed.");
        }
    }
}
