using System.CommandLine;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Connections;
using Spectre.Console;
using StreamVault.Platform;
using StreamVault.Server.Hosting;

namespace StreamVault.Server.Cli;

internal static class ServeCommand
{
    private const string Example = "Give addresses such as http://127.0.0.1:8080 or http://0.0.0.0:8080, separated by ';'.";

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
            var addresses = ParseUrls(parse.GetValue(urls)!);
            var builder = StreamVaultApp.CreateBuilder(CliRoot.Overrides(parse));
            builder.WebHost.UseUrls([.. addresses]);
            // The host logs a failed start (a port in use, invalid settings) with its stack trace and then throws; the
            // exception becomes one line in Program. Its later messages (a background service failing) still show.
            var starting = new StrongBox<bool>(true);
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level >= LogLevel.Warning && !starting.Value);
            await using var app = builder.Build();
            await app.Services.InitializeAsync(ct);
            app.MapStreamVault();
            await StartAsync(app, ct);
            starting.Value = false;
            var address = app.Urls.FirstOrDefault() ?? addresses[0];
            var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StreamVaultOptions>>().Value;
            ServerAddress.Record(options, address);
            AnsiConsole.MarkupLine($"[green]StreamVault is running at[/] {Markup.Escape(address)}  [grey](data: {Markup.Escape(options.FullDataDirectory)})[/]");
            await FirstRun.RunAsync(app.Services, options.PublicBaseUrl ?? ServerAddress.Reachable(address), AnsiConsole.Console, ct);
            await app.WaitForShutdownAsync(ct);
            return CliRoot.Ok;
        });
        return command;
    }

    /// <summary>Checks every address before the host sees it: Kestrel takes a host name it cannot resolve as "listen on
    /// every interface" (so http://256.1.1.1:80 served the whole network on port 80), and a malformed one throws deep
    /// inside the start.</summary>
    internal static IReadOnlyList<string> ParseUrls(string value)
    {
        var urls = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
        {
            throw new SetupException($"--urls names no address. {Example}");
        }

        foreach (var url in urls)
        {
            if (Problem(url) is { } problem)
            {
                throw new SetupException($"--urls: '{url}' {problem}. {Example}");
            }
        }

        return urls;
    }

    private static string? Problem(string url)
    {
        // Kestrel's wildcards are not hosts to Uri.
        var parsable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(parsable, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !parsable.Contains("://", StringComparison.Ordinal))
        {
            return "is not an http:// or https:// address with a port from 0 to 65535";
        }

        if (uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6) && !uri.IsLoopback)
        {
            return $"names the host '{uri.Host}', which is not an IP address or localhost";
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            return "has a path; listen addresses are scheme, IP and port only";
        }

        return null;
    }

    /// <summary>Starts the host; an address that cannot be bound is the operator's to fix, in one line.</summary>
    private static async Task StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException || ex.InnerException?.InnerException is AddressInUseException)
        {
            throw new SetupException($"cannot listen: {ex.Message.TrimEnd('.')}: another program holds the port. Stop it or choose another port with --urls.", ex);
        }
        catch (IOException ex)
        {
            throw new SetupException($"cannot listen: {ex.Message.TrimEnd('.')}. Choose an address of this machine with --urls (0.0.0.0 for all).", ex);
        }
    }
}
