using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Spectre.Console;
using StreamVault.Accounts;
using StreamVault.Artwork;
using StreamVault.Catalog;
using StreamVault.Core.Catalog;
using StreamVault.Data;
using StreamVault.Platform;
using StreamVault.Server.Hosting;

namespace StreamVault.Server.Cli;

internal static class CatalogCommands
{
    public static Command CreateTitles()
    {
        var removed = new Option<bool>("--removed") { Description = "Also list removed titles (tombstones)." };
        var command = new Command("titles", "List the titles in the catalogue with their qualities.");
        command.Options.Add(removed);
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await StreamVaultConfiguration.BuildServicesAsync(CliRoot.Overrides(parse), _ => { }, ct);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var includeRemoved = parse.GetValue(removed);
            var titles = await db.Titles.AsNoTracking()
                .Where(t => includeRemoved || t.RemovedAt == null)
                .OrderBy(t => t.NormalizedName)
                .Select(t => new { t.PublicId, t.Name, t.Year, t.Kind, t.RemovedAt, Files = t.MediaFiles.Select(m => new { m.Quality, m.Size }).ToList() })
                .ToListAsync(ct);
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("Id", "Title", "Year", "Kind", "Qualities", "Files", "Size");
            foreach (var t in titles)
            {
                var qualities = string.Join(' ', t.Files.Select(f => f.Quality).Distinct().OrderDescending().Select(q => q.Label()));
                var name = TerminalText.Markup(t.Name) + (t.RemovedAt is null ? string.Empty : " [red](removed)[/]");
                table.AddRow(t.PublicId, name, t.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", t.Kind.ToString(), qualities, t.Files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ByteSizeText.Format(t.Files.Sum(f => f.Size)));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[grey]{titles.Count} titles[/]");
            return CliRoot.Ok;
        });
        return command;
    }

    public static Command CreateRemove()
    {
        var id = new Argument<string>("title-id") { Description = "The title's id as shown by `streamvault titles`." };
        var reason = new Option<string>("--reason") { Description = "Why it is removed (kept in the audit log).", DefaultValueFactory = _ => "removed by admin" };
        var command = new Command("remove", "Remove a title: its links answer 410 Gone, its bytes are deleted from the vault, and the removal is audited.");
        command.Arguments.Add(id);
        command.Options.Add(reason);
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await StreamVaultConfiguration.BuildServicesAsync(CliRoot.Overrides(parse), s => s.AddCatalog().AddArtwork(), ct);
            await using var scope = services.CreateAsyncScope();
            var removal = scope.ServiceProvider.GetRequiredService<TitleRemoval>();
            var result = await removal.RemoveAsync(parse.GetValue(id)!, "cli:" + Environment.UserName, parse.GetValue(reason)!, ct);
            if (result is null)
            {
                await Console.Error.WriteLineAsync($"streamvault remove: no title has the id '{TerminalText.Safe(parse.GetValue(id))}'. List ids with `streamvault titles`.");
                return CliRoot.BadInput;
            }

            AnsiConsole.MarkupLine($"Removed [bold]{TerminalText.Markup(result.TitleName)}[/]: {result.MediaFiles} files, {result.PartsDeleted} stored parts deleted.");
            foreach (var failure in result.Failures)
            {
                AnsiConsole.MarkupLine($"[red]{TerminalText.Markup(failure)}[/]");
            }

            return result.Failures.Count == 0 ? CliRoot.Ok : CliRoot.Failed;
        });
        return command;
    }

    public static Command CreateAdminLink()
    {
        var command = new Command("admin-link", "Print a new one-time admin sign-in link.");
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await StreamVaultConfiguration.BuildServicesAsync(CliRoot.Overrides(parse), s => s.AddAccounts(), ct);
            await using var scope = services.CreateAsyncScope();
            var link = await scope.ServiceProvider.GetRequiredService<SignInLinks>().CreateAdminLinkAsync(services.GetRequiredService<IOptions<StreamVaultOptions>>().Value, ct);
            Console.WriteLine(link.Link);
            if (link.IsComplete)
            {
                return CliRoot.Ok;
            }

            // No server has run on this data folder and no public address is configured: a guessed address would be wrong
            // as often as right.
            await Console.Error.WriteLineAsync("streamvault admin-link: the server's address is not known yet; open the path above on it, or start `streamvault serve` once or set StreamVault:PublicBaseUrl to print a full link.");
            return CliRoot.Ok;
        });
        return command;
    }
}
