using Microsoft.Extensions.Options;
using StreamVault.Server.Cli;

try
{
    return await CliRoot.Build().Parse(args).InvokeAsync();
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
