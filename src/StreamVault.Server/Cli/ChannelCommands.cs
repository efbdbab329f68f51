using System.CommandLine;
using StreamVault.Catalog;
using StreamVault.Catalog.Import;
using StreamVault.Server.Hosting;

namespace StreamVault.Server.Cli;

/// <summary>`streamvault channels index on|off @channel`: auto-index a channel's new, edited and deleted posts.</summary>
internal static class ChannelCommands
{
    public static Command Create()
    {
        var state = new Argument<string>("on|off") { Description = "on: the running server indexes the channel's new posts and tombstones deleted ones; off: it stops." };
        state.AcceptOnlyFromAmong("on", "off");
        var channel = new Argument<string>("channel") { Description = "The channel: @username or a https://t.me/username link." };
        var index = new Command("index", "Turn auto-index on or off for a channel (the server reads it every StreamVault:Catalog:AutoIndexInterval).");
        index.Arguments.Add(state);
        index.Arguments.Add(channel);
        index.SetAction(async (parse, ct) =>
        {
            await using var services = await StreamVaultConfiguration.BuildServicesAsync(CliRoot.Overrides(parse), s => s.AddCatalog(), ct);
            return await ImportCommand.ExplainFailuresAsync("channels index", async () =>
            {
                await using var scope = services.CreateAsyncScope();
                var message = await scope.ServiceProvider.GetRequiredService<ChannelIndexing>().SetAsync(parse.GetValue(channel)!, parse.GetValue(state) == "on", ct);
                Console.WriteLine(TerminalText.Safe(message));
                return CliRoot.Ok;
            });
        });
        var channels = new Command("channels", "Channels read in place (see `streamvault import`).");
        channels.Subcommands.Add(index);
        return channels;
    }
}
