using System.CommandLine;

namespace StreamVault.Server.Cli;

/// <summary>The `streamvault` command line. Exit codes: 0 done, 1 failed, 2 bad usage or input, 130 interrupted.</summary>
internal static class CliRoot
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;

    public static readonly Option<string?> DataDirectory = new("--data-dir")
    {
        Description = "Folder for the catalogue, the local vault and secrets (default: ./data, or STREAMVAULT__DATADIRECTORY).",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("StreamVault: a self-hosted streaming network. Run `streamvault serve` to start on embedded defaults (SQLite and a local folder vault).");
        root.Options.Add(DataDirectory);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(ChannelCommands.Create());
        root.Subcommands.Add(CatalogCommands.CreateTitles());
        root.Subcommands.Add(CatalogCommands.CreateRemove());
        root.Subcommands.Add(TakedownCommand.Create());
        root.Subcommands.Add(CatalogCommands.CreateAdminLink());
        root.Subcommands.Add(SessionCommands.Create());
        root.Subcommands.Add(DeliveryCommands.CreatePolicy());
        root.Subcommands.Add(DeliveryCommands.CreateMirror());
        return root;
    }

    /// <summary>The names from `streamvault` down to the command a parse reached, for "run ... --help" hints.</summary>
    public static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(result.Parent is null ? "streamvault" : result.Command.Name);
        }

        return names;
    }

    /// <summary>Command-line settings that override configuration.</summary>
    public static Dictionary<string, string?> Overrides(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(DataDirectory) is { } dataDirectory)
        {
            overrides["StreamVault:DataDirectory"] = dataDirectory;
        }

        return overrides;
    }
}
