using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StreamVault.Catalog;
using StreamVault.Platform;
using StreamVault.Simulation;
using StreamVault.Vaults;
using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Local;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Server.Hosting;

/// <summary>The `StreamVault:Vaults` section: where new ingests go.</summary>
internal sealed class VaultsOptions
{
    public const string Section = "StreamVault:Vaults";

    /// <summary>"local" (a folder in the data directory), "telegram" (documents in a Telegram channel, read through the
    /// session swarm and the slice cache; StreamVault:Telegram) or "simulated-telegram" (a stand-in for Telegram with its
    /// limits and faults; StreamVault:SimulatedTelegram).</summary>
    [RegularExpression("^(local|telegram|simulated-telegram)$", ErrorMessage = "StreamVault:Vaults:Default must be \"local\", \"telegram\" or \"simulated-telegram\".")]
    public string Default { get; set; } = "local";

    /// <summary>Split local vault objects larger than this (bytes). Mostly for tests of multi-part files.</summary>
    [Range(1L, long.MaxValue, ErrorMessage = "StreamVault:Vaults:LocalMaxPartSize must be a positive number of bytes.")]
    public long LocalMaxPartSize { get; set; } = long.MaxValue;
}

internal static class VaultSetup
{
    public const string TelegramSection = "StreamVault:Telegram";
    public const string SimulatedTelegramSection = "StreamVault:SimulatedTelegram";
    public const string SliceCacheSection = "StreamVault:SliceCache";

    /// <summary>The local folder vault is always there (demo titles and earlier ingests stay readable); a remote vault,
    /// when chosen, becomes the default for new ingests and gets the slice cache in front of it. The sections are read
    /// and validated here, once: which vault exists decides what is registered.</summary>
    public static IServiceCollection AddVaults(this IServiceCollection services, IConfiguration configuration, StreamVaultOptions data)
    {
        var vaults = Read<VaultsOptions>(configuration, VaultsOptions.Section);
        ThrowIfInvalid(VaultsOptions.Section, typeof(VaultsOptions), DataAnnotationErrors(vaults));
        if (vaults.Default == "telegram")
        {
            var telegram = TelegramOptions(configuration, data);
            ThrowIfInvalid(TelegramSection, typeof(TelegramVaultOptions), [.. telegram.Validate(TelegramSection), .. telegram.CheckFiles(TelegramSection, requireSession: true)]);
            services.AddTelegramVault(telegram);
            services.AddSingleton<ISessionAuditLog, SessionAuditLog>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IModuleInitializer, ImportFolderAtStart>());
        }
        else if (vaults.Default == "simulated-telegram")
        {
            var simulated = Read<SimulatedTelegramOptions>(configuration, SimulatedTelegramSection);
            simulated = simulated with { StorageFolder = simulated.StorageFolder ?? data.PathInData("telegram-sim") };
            ThrowIfInvalid(SimulatedTelegramSection, typeof(SimulatedTelegramOptions), simulated.Validate(SimulatedTelegramSection));
            services.AddSimulatedTelegramVault(simulated);
        }

        services.AddLocalVault(new LocalFolderVaultOptions(data.PathInData("vault"), vaults.LocalMaxPartSize));
        var cache = Read<SliceCacheOptions>(configuration, SliceCacheSection);
        cache = cache with { Root = Path.GetFullPath(configuration[$"{SliceCacheSection}:Root"] is { Length: > 0 } root ? root : data.PathInData("cache", "slices")) };
        ThrowIfInvalid(SliceCacheSection, typeof(SliceCacheOptions), cache.Validate(SliceCacheSection));
        services.AddSliceCache(cache);
        services.AddSingleton<IContentPurger, SliceCachePurger>();
        return services;
    }

    /// <summary>The folder of foreign sessions imported at start when StreamVault:Telegram:ImportFolder is empty: the
    /// config/workers a Python swarm keeps, under the working directory.</summary>
    public const string DefaultImportFolder = "config/workers";

    /// <summary>The StreamVault:Telegram section, with the sessions folder defaulting to DATA/telegram/sessions, the
    /// import folder to ./config/workers, and relative paths taken from the working directory.</summary>
    public static TelegramVaultOptions TelegramOptions(IConfiguration configuration, StreamVaultOptions data)
    {
        var telegram = Read<TelegramVaultOptions>(configuration, TelegramSection);
        return telegram with
        {
            SessionsFolder = Path.GetFullPath(string.IsNullOrWhiteSpace(telegram.SessionsFolder) ? data.PathInData("telegram", "sessions") : telegram.SessionsFolder),
            ImportFolder = Path.GetFullPath(string.IsNullOrWhiteSpace(telegram.ImportFolder) ? DefaultImportFolder : telegram.ImportFolder),
            StagingFolder = telegram.StagingFolder ?? data.PathInData("telegram", "staging"),
        };
    }

    private static T Read<T>(IConfiguration configuration, string section) where T : new() =>
        configuration.GetSection(section).Get<T>() ?? new T();

    private static List<string> DataAnnotationErrors(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "invalid").ToList();
    }

    /// <summary>Thrown while services are composed: the command line prints each failure and exits with code 2.</summary>
    private static void ThrowIfInvalid(string section, Type type, IReadOnlyList<string> errors)
    {
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(section, type, errors);
        }
    }

    /// <summary>Session changes go to the catalogue's audit log like every other admin action.</summary>
    private sealed class SessionAuditLog(IServiceScopeFactory scopes, TimeProvider time) : ISessionAuditLog
    {
        public async Task WriteAsync(string actor, string action, string target, string? detail, CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StreamVault.Data.CatalogDbContext>();
            db.Audit.Add(new StreamVault.Data.Entities.AuditEntry { At = time.GetUtcNow().UtcDateTime, Actor = actor, Action = action, Target = target, Detail = detail });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Imports StreamVault:Telegram:ImportFolder once the catalogue is migrated (the audit log needs it) and before
    /// anything reads through the swarm, so the sessions found there serve the first request.</summary>
    private sealed class ImportFolderAtStart(ITelegramSessionAdmin sessions) : IModuleInitializer
    {
        public Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken) => sessions.ImportFolderAsync(cancellationToken);
    }

    private sealed class SliceCachePurger(ISliceCache cache) : IContentPurger
    {
        public string Layer => "slice cache";

        public Task<PurgeCount> PurgeAsync(RemovedMedia media, CancellationToken cancellationToken) => cache.PurgeAsync(media.MediaFileId, cancellationToken);
    }
}
