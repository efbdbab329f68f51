using System.CommandLine;
using Spectre.Console;
using StreamVault.Artwork;
using StreamVault.Catalog;
using StreamVault.Catalog.Ingest;
using StreamVault.Catalog.Jobs;
using StreamVault.Catalog.Leech;
using StreamVault.Platform;
using StreamVault.Server.Hosting;

namespace StreamVault.Server.Cli;

/// <summary>`streamvault ingest URL...`: each link is leeched as an operator job in this process, its status line shown
/// as it changes, then the ingest summary.</summary>
internal static class LeechCommand
{
    public static async Task<int> RunAsync(ParseResult parse, IReadOnlyList<string> links, CancellationToken ct)
    {
        Uri[] urls;
        try
        {
            urls = [.. links.Select(LeechService.Parse)];
        }
        catch (LeechRefusedException ex)
        {
            await Console.Error.WriteLineAsync($"streamvault ingest: {TerminalText.Safe(ex.Message)}.");
            return CliRoot.BadInput;
        }

        await using var services = await StreamVaultConfiguration.BuildServicesAsync(CliRoot.Overrides(parse), s => s.AddCatalog().AddArtwork(), ct);
        var leech = services.GetRequiredService<LeechService>();
        var results = new List<IngestFileResult>();
        var refused = 0;
        foreach (var url in urls)
        {
            try
            {
                // Spectre redraws the spinner on its own; the job's reports only change its text.
                var result = await AnsiConsole.Status().StartAsync(Markup.Escape(TerminalText.Safe(url.ToString())), status => leech.RunAsync(url, new ConsoleProgress(status, ct), ct));
                AnsiConsole.MarkupLine($"{TerminalText.Markup(url.ToString())}: {TerminalText.Markup(result.FileName)}, {ByteSizeText.Format(result.Bytes)}");
                results.AddRange(result.Files);
            }
            catch (LeechRefusedException ex)
            {
                refused++;
                AnsiConsole.MarkupLine($"[red]refused:[/] {TerminalText.Markup(url.ToString())}: {TerminalText.Markup(ex.Message)}");
            }
            catch (OperationCanceledException)
            {
                AnsiConsole.MarkupLine("[yellow]Interrupted.[/] Nothing half-done is visible in the catalogue; run the same command again to start the download over.");
                return CliRoot.Interrupted;
            }
        }

        IngestCommand.PrintSummary(results);
        return results.Any(r => r.Outcome == IngestOutcome.Failed) ? CliRoot.Failed
            : refused > 0 || results.Any(r => r.Outcome == IngestOutcome.Refused) ? CliRoot.BadInput
            : CliRoot.Ok;
    }

    /// <summary>The job's status line on the console spinner.</summary>
    private sealed class ConsoleProgress(StatusContext status, CancellationToken cancellation) : IJobProgress
    {
        public string Id => "cli";

        public CancellationToken Cancellation => cancellation;

        public void Report(string text, double? fraction = null) =>
            status.Status(Markup.Escape(TerminalText.Safe(text)) + (fraction is { } f ? $" [grey]{f:P0}[/]" : string.Empty));
    }
}
