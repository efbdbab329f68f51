using System.CommandLine;
using System.CommandLine.Invocation;
using Microsoft.Extensions.Options;
using StreamVault.Platform;
using StreamVault.Server.Cli;

try
{
    // No response files: "@name" is how a Telegram channel is written (`streamvault import @channel`), not a file of arguments.
    var parse = CliRoot.Build().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
    if (parse.Action is ParseErrorAction)
    {
        // System.CommandLine would print the errors with the whole help text and exit 1; the README promises 2 for
        // bad input, and the errors plus a pointer to --help fit on a screen.
        foreach (var error in parse.Errors)
        {
            await Console.Error.WriteLineAsync($"streamvault: {error.Message}");
        }

        await Console.Error.WriteLineAsync($"Run `{string.Join(' ', CliRoot.CommandPath(parse))} --help` for usage.");
        return CliRoot.BadInput;
    }

    // Exceptions reach the handlers below instead of System.CommandLine's stack-trace printer.
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (SetupException ex)
{
    await Console.Error.WriteLineAsync($"streamvault: {ex.Message}");
    return CliRoot.BadInput;
}
catch (OptionsValidationException ex)
{
    // One line per failure, each naming the setting, so a single mistake is a single line.
    foreach (var failure in ex.Failures)
    {
        await Console.Error.WriteLineAsync($"streamvault: configuration is not valid: {failure}");
    }

    return CliRoot.BadInput;
}
catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
{
    // The configuration binder's own message names the key and the expected type.
    await Console.Error.WriteLineAsync($"streamvault: configuration is not valid: {ex.Message}");
    return CliRoot.BadInput;
}
catch (OperationCanceledException)
{
    return CliRoot.Interrupted;
}
