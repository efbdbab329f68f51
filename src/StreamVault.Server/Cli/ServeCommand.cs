using System.CommandLine;
using Spectre.Console;
using StreamVault.Platform;
using StreamVault.Server.Hosting;

namespace StreamVault.Server.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, separated by ';'.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? "http://127.0.0.1:8080",
        };
        var command = new Command("serve", "Run the web server. On first start it creates the data folder, database and secrets, adds demo titles and prints an admin sign-in link.");
        command.Options.Add(urls);
        command.SetAction(async (parse, ct) =>
        {
            var builder = StreamVaultApp.CreateBuilder(CliRoot.Overrides(parse));
            builder.WebHost.UseUrls(parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries));
            await using var app = builder.Build();
            await app.Services.InitializeAsync(ct);
            app.MapStreamVault();
            await app.StartAsync(ct);
            var address = app.Urls.FirstOrDefault() ?? parse.GetValue(urls)!;
            var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StreamVaultOptions>>().Value;
            AnsiConsole.MarkupLine($"[green]StreamVault is running at[/] {Markup.Escape(address)}  [grey](data: {Markup.Escape(options.FullDataDirectory)})[/]");
            await FirstRun.RunAsync(app.Services, options.PublicBaseUrl ?? address, AnsiConsole.Console, ct);
            await app.WaitForShutdownAsync(ct);
            return CliRoot.Ok;
        });
        return command;
    }
}
