using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Spectre.Console;
using StreamVault.Accounts;
using StreamVault.Catalog;
using StreamVault.Catalog.Demo;
using StreamVault.Data;
using StreamVault.Data.Entities;

namespace StreamVault.Server.Hosting;

/// <summary>What `serve` does before it listens: demo titles into an empty catalogue, and an admin sign-in link while
/// no admin has ever signed in.</summary>
internal static class FirstRun
{
    public static async Task RunAsync(IServiceProvider services, string baseUrl, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var catalog = services.GetRequiredService<IOptions<CatalogOptions>>().Value;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();

        if (catalog.DemoTitles && !await db.Titles.AnyAsync(cancellationToken))
        {
            var added = await DemoLibrary.AddAsync(services, cancellationToken);
            if (added > 0)
            {
                console.MarkupLine($"[grey]The catalogue was empty: added {added} demo files. Remove them with[/] streamvault remove [grey]or turn this off with STREAMVAULT__CATALOG__DEMOTITLES=false.[/]");
            }
        }

        var adminHasSignedIn = await db.SignInTokens.AnyAsync(t => t.UsedAt != null && t.User!.Role == UserRole.Admin, cancellationToken);
        if (!adminHasSignedIn)
        {
            var token = await scope.ServiceProvider.GetRequiredService<SignInLinks>().CreateAdminLinkTokenAsync(cancellationToken);
            console.MarkupLine($"[bold]Admin sign-in (one use, valid {SignInLinks.Lifetime.TotalHours:0} h):[/] {Markup.Escape(baseUrl.TrimEnd('/') + AccountRoutes.SignInPath(token))}");
        }
    }
}
