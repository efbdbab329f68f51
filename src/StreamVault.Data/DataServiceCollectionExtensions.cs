using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace StreamVault.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>Registers the catalogue on SQLite (the embedded default). Busy timeout and WAL keep the web server and
    /// a concurrent `ingest` process from tripping over each other.</summary>
    public static IServiceCollection AddCatalogSqlite(this IServiceCollection services, string databasePath)
    {
        var connectionString = $"Data Source={databasePath};Cache=Shared;Pooling=True;Default Timeout=30";
        services.AddDbContextPool<CatalogDbContext>(options => options.UseSqlite(connectionString));
        return services;
    }

    /// <summary>Applies migrations and switches SQLite to write-ahead logging so readers never block the writer.</summary>
    public static async Task MigrateCatalogAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var scope = services.CreateAsyncScope();
        await using var disposeScope = scope.ConfigureAwait(false);
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }
    }
}
