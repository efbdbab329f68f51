using System.CommandLine;
using Spectre.Console;
using StreamVault.Catalog;
using StreamVault.Delivery;
using StreamVault.Delivery.Policy;
using StreamVault.Server.Hosting;

namespace StreamVault.Server.Cli;

/// <summary>`streamvault policy show|set` (how each quality is delivered) and `streamvault mirror set|clear` (a media
/// file's external link). The same rules and audit rows as the admin API, through <see cref="DeliveryAdmin"/>.</summary>
internal static class DeliveryCommands
{
    public static Command CreatePolicy()
    {
        var command = new Command("policy", "Show or set how each quality is delivered: stream, download-only or external-link.");
        var show = new Command("show", "List every quality with its delivery mode.");
        show.SetAction(async (parse, ct) =>
        {
            await using var services = await StreamVaultConfiguration.BuildServicesAsync(CliRoot.Overrides(parse), s => s.AddCatalog().AddDelivery(), ct);
            await using var scope = services.CreateAsyncScope();
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Quality", "Mode");
            foreach (var (quality, mode) in await scope.ServiceProvider.GetRequiredService<DeliveryAdmin>().ListAsync(ct))
            {
                table.AddRow(quality.Name(), mode.Name());
            }

            AnsiConsole.Write(table);
            return CliRoot.Ok;
        });

        var quality = new Argument<string>("quality") { Description = $"One of: {DeliveryNames.QualityNames} (4k means 2160p)." };
        var mode = new Argument<string>("mode") { Description = $"One of: {DeliveryNames.ModeNames}." };
        var set = new Command("set", "Set the delivery mode of one quality, e.g. `streamvault policy set 2160p download-only`.");
        set.Arguments.Add(quality);
        set.Arguments.Add(mode);
        set.SetAction((parse, ct) => RunAsync(parse, "policy set", (admin, actor) => admin.SetPolicyAsync(parse.GetValue(quality), parse.GetValue(mode), actor, ct), ct));

        command.Subcommands.Add(show);
        command.Subcommands.Add(set);
        return command;
    }

    public static Command CreateMirror()
    {
        var command = new Command("mirror", "Set or clear a media file's mirror link (offered instead of streaming and downloading when its quality's mode is external-link).");
        var media = new Argument<string>("media-id") { Description = "The media file's id (the id in its /watch/ address)." };
        var url = new Argument<string>("url") { Description = "An absolute http:// or https:// address, without user name or password." };
        var set = new Command("set", "Set the mirror link of a media file.");
        set.Arguments.Add(media);
        set.Arguments.Add(url);
        set.SetAction((parse, ct) => RunAsync(parse, "mirror set", (admin, actor) => admin.SetMirrorAsync(parse.GetValue(media)!, parse.GetValue(url), actor, ct), ct));

        var clearMedia = new Argument<string>("media-id") { Description = "The media file's id." };
        var clear = new Command("clear", "Remove the mirror link of a media file.");
        clear.Arguments.Add(clearMedia);
        clear.SetAction((parse, ct) => RunAsync(parse, "mirror clear", (admin, actor) => admin.ClearMirrorAsync(parse.GetValue(clearMedia)!, actor, ct), ct));

        command.Subcommands.Add(set);
        command.Subcommands.Add(clear);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, string name, Func<DeliveryAdmin, string, Task<ChangeResult>> change, CancellationToken ct)
    {
        await using var services = await StreamVaultConfiguration.BuildServicesAsync(CliRoot.Overrides(parse), s => s.AddCatalog().AddDelivery(), ct);
        await using var scope = services.CreateAsyncScope();
        var result = await change(scope.ServiceProvider.GetRequiredService<DeliveryAdmin>(), "cli:" + Environment.UserName);
        if (result.Outcome != ChangeOutcome.Done)
        {
            await Console.Error.WriteLineAsync($"streamvault {name}: {TerminalText.Safe(result.Message)}");
            return CliRoot.BadInput;
        }

        Console.WriteLine(TerminalText.Safe(result.Message));
        return CliRoot.Ok;
    }
}
