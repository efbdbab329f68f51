using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using StreamVault.Mtproto;
using StreamVault.Platform;
using StreamVault.Server.Hosting;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Server.Cli;

/// <summary>`streamvault session add|list|remove`: the Telegram logins the vault reads and writes with, saved encrypted
/// in the data folder (DATA/telegram/sessions, or StreamVault:Telegram:SessionsFolder).</summary>
internal static class SessionCommands
{
    private const string CliActor = "cli";

    public static Command Create()
    {
        var command = new Command("session", "Manage the Telegram sessions (bots and user accounts) of the Telegram vault.");
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateImport());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRemove());
        return command;
    }

    private static Command CreateAdd()
    {
        var botToken = new Option<string?>("--bot-token") { Description = "Log in a bot with its token from @BotFather." };
        var phone = new Option<string?>("--phone") { Description = "Log in a user account by phone number (asks for the login code and the 2FA password; needs a terminal)." };
        var command = new Command("add", "Log a bot or a user account in to Telegram and save the session, encrypted, for the vault.");
        command.Options.Add(botToken);
        command.Options.Add(phone);
        command.SetAction(async (parse, ct) =>
        {
            var token = parse.GetValue(botToken);
            var number = parse.GetValue(phone);
            if (string.IsNullOrWhiteSpace(token) == string.IsNullOrWhiteSpace(number))
            {
                await Console.Error.WriteLineAsync("streamvault session add: give exactly one of --bot-token TOKEN or --phone NUMBER.");
                return CliRoot.BadInput;
            }

            if (number is not null && (Console.IsInputRedirected || !AnsiConsole.Profile.Capabilities.Interactive))
            {
                await Console.Error.WriteLineAsync("streamvault session add --phone: the login code and the 2FA password are asked for interactively, but standard input is not a terminal. Run it in a terminal, or add a bot with --bot-token.");
                return CliRoot.BadInput;
            }

            var (options, folder) = Load(parse);
            if (!await ConnectionConfiguredAsync("session add", options))
            {
                return CliRoot.BadInput;
            }

            if (token is not null)
            {
                // The same rules as the dashboard, the admin API and the bot (token shape, one session per bot).
                try
                {
                    var change = await TelegramSessions.Offline(options, TimeProvider.System).AddBotAsync(token, CliActor, ct);
                    if (change.Result == SessionChangeResult.Added)
                    {
                        AnsiConsole.MarkupLine($"[green]Added session[/] {TerminalText.Markup(change.Session!.Id)} ({TerminalText.Markup(change.Detail)}).");
                        return CliRoot.Ok;
                    }

                    await Console.Error.WriteLineAsync($"streamvault session add: {change.Word}: {TerminalText.Safe(change.Detail)}.");
                    return change.Result == SessionChangeResult.Invalid ? CliRoot.BadInput : CliRoot.Failed;
                }
                catch (OperationCanceledException)
                {
                    await Console.Error.WriteLineAsync("streamvault session add: interrupted; no session was saved.");
                    return CliRoot.Interrupted;
                }
            }

            try
            {
                var info = await TelegramSessions.AddUserAsync(
                        options,
                        folder,
                        number!,
                        c => new TextPrompt<string>("Login code Telegram sent you:").ShowAsync(AnsiConsole.Console, c),
                        c => new TextPrompt<string>("2FA password:").Secret().ShowAsync(AnsiConsole.Console, c),
                        TimeProvider.System,
                        ct);
                AnsiConsole.MarkupLine($"[green]Added session[/] {TerminalText.Markup(info.Id)} ({info.Kind} {TerminalText.Markup(info.UserName)}, user id {info.UserId}, DC {info.Dc}).");
                return CliRoot.Ok;
            }
            catch (RpcErrorException ex)
            {
                await Console.Error.WriteLineAsync($"streamvault session add: Telegram refused the login: {ex.Code} {TerminalText.Safe(ex.ErrorMessage)}.");
                return CliRoot.Failed;
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or System.Net.Sockets.SocketException or StreamVault.Mtproto.Transport.TransportException or InvalidDataException)
            {
                await Console.Error.WriteLineAsync($"streamvault session add: could not talk to Telegram ({TerminalText.Safe(ex.Message)}). Check {VaultSetup.TelegramSection}:DcAddresses and RsaKeyFile.");
                return CliRoot.Failed;
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync("streamvault session add: interrupted; no session was saved.");
                return CliRoot.Interrupted;
            }
        });
        return command;
    }

    private static Command CreateImport()
    {
        var inputs = new Argument<string[]>("session") { Description = "Pyrogram, Telethon or GramJS string sessions, .session files, text files of strings, or - for standard input.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("import", "Check sessions made by Pyrogram, Telethon or GramJS against Telegram and save them, encrypted, for the vault.");
        command.Arguments.Add(inputs);
        command.SetAction(async (parse, ct) =>
        {
            var (options, folder) = Load(parse);
            if (!await ConnectionConfiguredAsync("session import", options))
            {
                return CliRoot.BadInput;
            }

            var sources = new List<Mtproto.Sessions.SessionSource>();
            var number = 0;
            foreach (var input in parse.GetValue(inputs)!)
            {
                number++;
                sources.AddRange(input == "-"
                    ? Mtproto.Sessions.SessionSources.FromLines("stdin", await ReadLinesAsync(Console.In, ct))
                    : Mtproto.Sessions.SessionSources.Read(input, $"argument {number.ToString(CultureInfo.InvariantCulture)}"));
            }

            var failed = 0;
            var admin = TelegramSessions.Offline(options, TimeProvider.System);
            try
            {
                // One at a time, so each line is printed as soon as Telegram has answered for it.
                foreach (var source in sources)
                {
                    var change = (await admin.ImportAsync([source], CliActor, ct))[0];
                    failed += change.Succeeded ? 0 : 1;
                    Console.WriteLine(TerminalText.Safe(change.Line));
                }
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync("streamvault session import: interrupted; the sessions listed above as added are saved.");
                return CliRoot.Interrupted;
            }

            return failed == 0 ? CliRoot.Ok : CliRoot.Failed;
        });
        return command;
    }

    private static async Task<List<string>> ReadLinesAsync(TextReader reader, CancellationToken ct)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static Command CreateList()
    {
        var command = new Command("list", "List the saved Telegram sessions.");
        command.SetAction(parse =>
        {
            var (_, folder) = Load(parse);
            var sessions = folder.List();
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Id", "Kind", "User", "DC", "Added");
            foreach (var s in sessions)
            {
                table.AddRow(
                    TerminalText.Markup(s.Id),
                    s.Kind,
                    TerminalText.Markup($"{s.UserName} ({s.UserId.ToString(CultureInfo.InvariantCulture)})"),
                    s.Dc.ToString(CultureInfo.InvariantCulture),
                    s.Added.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(sessions.Count == 0
                ? "[grey]No sessions. Add one with `streamvault session add --bot-token TOKEN` or `--phone NUMBER`.[/]"
                : $"[grey]{sessions.Count} sessions in {Markup.Escape(folder.Folder)}[/]");
            return CliRoot.Ok;
        });
        return command;
    }

    private static Command CreateRemove()
    {
        var id = new Argument<string>("id") { Description = "The session's id as shown by `streamvault session list`." };
        var command = new Command("remove", "Delete a saved Telegram session (its encrypted keys and its card).");
        command.Arguments.Add(id);
        command.SetAction(async (parse, ct) =>
        {
            var (options, _) = Load(parse);
            var sessionId = parse.GetValue(id)!;
            var change = await TelegramSessions.Offline(options, TimeProvider.System).RemoveAsync(sessionId, CliActor, ct);
            if (change.Result != SessionChangeResult.Removed)
            {
                await Console.Error.WriteLineAsync($"streamvault session remove: no session has the id '{TerminalText.Safe(sessionId)}' (see `streamvault session list`).");
                return CliRoot.BadInput;
            }

            AnsiConsole.MarkupLine($"Removed session {TerminalText.Markup(sessionId)}.");
            return CliRoot.Ok;
        });
        return command;
    }

    /// <summary>Whether the vault's Telegram connection is set up (DC addresses, RSA keys); if not, says what is missing.</summary>
    private static async Task<bool> ConnectionConfiguredAsync(string command, TelegramVaultOptions options)
    {
        IReadOnlyList<string> errors = [.. options.ValidateConnection(VaultSetup.TelegramSection), .. options.CheckFiles(VaultSetup.TelegramSection, requireSession: false)];
        if (errors.Count == 0)
        {
            return true;
        }

        await Console.Error.WriteLineAsync($"streamvault {command}: the Telegram connection is not configured:");
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync("  " + error);
        }

        return false;
    }

    private static (TelegramVaultOptions Options, TelegramSessionFolder Folder) Load(ParseResult parse)
    {
        var configuration = StreamVaultConfiguration.Build(CliRoot.Overrides(parse));
        var options = configuration.GetSection(StreamVaultOptions.Section).Get<StreamVaultOptions>() ?? new StreamVaultOptions();
        var telegram = VaultSetup.TelegramOptions(configuration, options);
        return (telegram, new TelegramSessionFolder(telegram.SessionsFolder!, telegram.SessionPassphrase));
    }
}
