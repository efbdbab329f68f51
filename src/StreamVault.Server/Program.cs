using System.CommandLine;
using Microsoft.Extensions.Options;
using StreamVault.Server.Cli;

try
{
    // Exceptions reach the handlers below instead of System.CommandLine's stack-trace printer.
    return await CliRoot.Build().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync("streamvault: configuration is not valid:");
    foreach (var failure in ex.Failures)
    {
        await Console.Error.WriteLineAsync("  " + failure);
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
