using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using StreamVault.Mtproto;
using StreamVault.Mtproto.Sessions;

namespace StreamVault.Vaults.Telegram;

/// <summary>One saved session as the dashboard, the admin API, the bot and `session list` show it: no secret and no
/// Telegram user id. <see cref="State"/> is the swarm's word for it ("healthy", "benched 12 s more"), or null where
/// no swarm runs (the command line).</summary>
public sealed record SessionListing(string Id, string Kind, string Name, int Dc, DateTimeOffset Added, string? State);

public enum SessionChangeResult
{
    Added,
    Duplicate,
    Refused,
    Invalid,
    Removed,
    NotFound,
}

/// <summary>What became of one session in an add, import or remove. <see cref="Source"/> names the input without
/// quoting it ("line 2", "workers.session"); <see cref="Detail"/> is one line for a person, never a secret.</summary>
public sealed record SessionChange(string Source, SessionChangeResult Result, string Detail, SessionListing? Session = null)
{
    /// <summary>The result as one word: added, duplicate, refused, invalid, removed, not found.</summary>
    public string Word => Result switch
    {
        SessionChangeResult.NotFound => "not found",
        _ => Result.ToString().ToLowerInvariant(),
    };

    /// <summary>"source: word: detail", as the command line and the bot print it.</summary>
    public string Line => $"{Source}: {Word}: {Detail}";

    public bool Succeeded => Result is SessionChangeResult.Added or SessionChangeResult.Duplicate or SessionChangeResult.Removed;

    /// <summary>Telegram could not be asked (unreachable, no answer in time): the same input may work later.</summary>
    public bool CanRetry { get; init; }
}

/// <summary>Where session changes are audited (the host writes them to the catalogue's audit log).</summary>
public interface ISessionAuditLog
{
    Task WriteAsync(string actor, string action, string target, string? detail, CancellationToken cancellationToken);
}

/// <summary>
/// The Telegram vault's sessions, managed by the dashboard, the admin API, the manager bot and the command line alike:
/// list them with their live state, log a bot in by its token, import sessions made by Pyrogram, Telethon or GramJS,
/// remove one. While the server runs, a session added or removed joins or leaves the swarm at once. Secrets (tokens,
/// auth keys, session strings) go to Telegram and the encrypted session folder only: never into an answer, a log line
/// or the audit log.
/// </summary>
public interface ITelegramSessionAdmin
{
    IReadOnlyList<SessionListing> List();

    Task<SessionChange> AddBotAsync(string token, string actor, CancellationToken cancellationToken);

    /// <summary>Sessions parsed already (<see cref="SessionSources"/>); one change per source, in order.</summary>
    Task<IReadOnlyList<SessionChange>> ImportAsync(IReadOnlyList<SessionSource> sources, string actor, CancellationToken cancellationToken);

    /// <summary>Text holding string sessions, one a line (blank lines and # comments skipped).</summary>
    Task<IReadOnlyList<SessionChange>> ImportTextAsync(string text, string actor, CancellationToken cancellationToken);

    /// <summary>An uploaded file: a Pyrogram/Telethon .session file or a text file of strings, at most <see cref="TelegramSessions.MaxImportFileBytes"/>.</summary>
    Task<IReadOnlyList<SessionChange>> ImportFileAsync(string fileName, ReadOnlyMemory<byte> content, string actor, CancellationToken cancellationToken);

    /// <summary>The start-up import of <see cref="TelegramVaultOptions.ImportFolder"/>: each file once (a file already
    /// handled is skipped even if its session was removed since), duplicates skipped silently, failures logged.</summary>
    Task<IReadOnlyList<SessionChange>> ImportFolderAsync(CancellationToken cancellationToken);

    Task<SessionChange> RemoveAsync(string id, string actor, CancellationToken cancellationToken);
}

internal sealed partial class TelegramSessionAdmin(
    TelegramVaultOptions options, TelegramVault? vault, ISessionAuditLog? audit, TimeProvider time, ILogger logger) : ITelegramSessionAdmin, IDisposable
{
    /// <summary>The actor of the start-up import in the audit log.</summary>
    internal const string StartupActor = "startup:import-folder";

    // The record of files the start-up import has handled: content hashes, so a renamed copy is not imported again.
    private const string ImportedFilesName = ".imported-files";

    private readonly TelegramSessionFolder _folder = new(options.SessionsFolder!, options.SessionPassphrase);

    // One change at a time: two imports of one key must not both pass the duplicate check.
    private readonly SemaphoreSlim _changes = new(1, 1);

    public IReadOnlyList<SessionListing> List()
    {
        var live = vault?.Swarm.Snapshot().Sessions.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        return [.. _folder.List().Select(info => Listing(info, live is null ? null : live.TryGetValue(info.Id, out var health) ? health.StateText(now) : "not in the swarm"))];
    }

    public async Task<SessionChange> AddBotAsync(string token, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        const string Source = "bot token";
        token = token?.Trim() ?? string.Empty;
        if (!BotToken().IsMatch(token))
        {
            return await AuditedAsync(actor, "session.add", Source, new SessionChange(Source, SessionChangeResult.Invalid, "a bot token looks like 123456789:AAE… (from @BotFather)"), cancellationToken);
        }

        await _changes.WaitAsync(cancellationToken);
        try
        {
            TelegramSessionInfo info;
            try
            {
                using var timeout = Timeout(cancellationToken);
                info = await TelegramSessions.AddBotAsync(options, _folder, token, time, timeout.Token);
            }
            catch (RpcErrorException ex)
            {
                return await AuditedAsync(actor, "session.add", Source, new SessionChange(Source, SessionChangeResult.Refused, $"Telegram refused the login: {ex.ErrorMessage}"), cancellationToken);
            }
            catch (Exception ex) when (IsUnreachable(ex, cancellationToken))
            {
                return await AuditedAsync(actor, "session.add", Source, new SessionChange(Source, SessionChangeResult.Refused, Unreachable(ex)) { CanRetry = true }, cancellationToken);
            }

            // A second login of one bot is the same worker twice: keep the first.
            if (_folder.List().FirstOrDefault(s => s.Id != info.Id && s.Kind == info.Kind && s.UserId == info.UserId) is { } existing)
            {
                _folder.Remove(info.Id);
                return await AuditedAsync(actor, "session.add", existing.Id, new SessionChange(Source, SessionChangeResult.Duplicate, $"{existing.Kind} {existing.UserName} is already saved as {existing.Id}", Listing(existing, null)), cancellationToken);
            }

            return await AuditedAsync(actor, "session.add", info.Id, Joined(Source, info, "from its token"), cancellationToken);
        }
        finally
        {
            _changes.Release();
        }
    }

    public async Task<IReadOnlyList<SessionChange>> ImportAsync(IReadOnlyList<SessionSource> sources, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(actor);
        var changes = new List<SessionChange>();
        foreach (var source in sources)
        {
            changes.Add(await ImportOneAsync(source, actor, cancellationToken));
        }

        return changes;
    }

    public Task<IReadOnlyList<SessionChange>> ImportTextAsync(string text, string actor, CancellationToken cancellationToken) =>
        ImportAsync(SessionSources.FromLines("text", (text ?? string.Empty).Split('\n')), actor, cancellationToken);

    public async Task<IReadOnlyList<SessionChange>> ImportFileAsync(string fileName, ReadOnlyMemory<byte> content, string actor, CancellationToken cancellationToken)
    {
        var name = SourceName(fileName);
        if (content.Length == 0 || content.Length > TelegramSessions.MaxImportFileBytes)
        {
            var problem = content.Length == 0 ? "the file is empty" : $"the file is larger than {TelegramSessions.MaxImportFileBytes / 1024} KiB; a .session file is a few dozen KiB";
            return [await AuditedAsync(actor, "session.import", name, new SessionChange(name, SessionChangeResult.Invalid, problem), cancellationToken)];
        }

        return await ImportAsync(SessionSources.FromFile(name, content.Span), actor, cancellationToken);
    }

    public async Task<IReadOnlyList<SessionChange>> ImportFolderAsync(CancellationToken cancellationToken)
    {
        var changes = new List<SessionChange>();
        var imported = ReadImportedFiles();
        foreach (var path in WorkerFiles.Find(options.ImportFolder))
        {
            byte[] content;
            try
            {
                content = await File.ReadAllBytesAsync(path, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.FileUnreadable(logger, Path.GetFileName(path), ex.Message);
                continue;
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(content));
            if (imported.Contains(hash))
            {
                continue;
            }

            var results = await ImportFileAsync(Path.GetFileName(path), content, StartupActor, cancellationToken);
            foreach (var change in results)
            {
                if (change.Result == SessionChangeResult.Added)
                {
                    Log.Imported(logger, change.Source, change.Detail);
                }
                else if (change.Result != SessionChangeResult.Duplicate)
                {
                    Log.NotImported(logger, change.Source, change.Word, change.Detail);
                }
            }

            changes.AddRange(results);
            // A file whose sessions Telegram could not be asked about is tried again at the next start; any other
            // answer is final, so a session removed by an admin does not come back from its file.
            if (!results.Any(r => r.CanRetry))
            {
                imported.Add(hash);
                WriteImportedFiles(imported);
            }
        }

        return changes;
    }

    public async Task<SessionChange> RemoveAsync(string id, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var source = TelegramSessionFolder.IsValidId(id ?? string.Empty) ? id! : "session";
        await _changes.WaitAsync(cancellationToken);
        try
        {
            if (!TelegramSessionFolder.IsValidId(id ?? string.Empty) || _folder.Find(id!) is not { } info)
            {
                return new SessionChange(source, SessionChangeResult.NotFound, "no saved session has this id");
            }

            // Out of the swarm first, so nothing new is sent with a key whose file is about to go.
            if (vault is not null)
            {
                await vault.RemoveSessionAsync(info.Id);
            }

            _folder.Remove(info.Id);
            return await AuditedAsync(actor, "session.remove", info.Id, new SessionChange(info.Id, SessionChangeResult.Removed, $"{info.Kind} {info.UserName} no longer works for the vault", Listing(info, null)), cancellationToken);
        }
        finally
        {
            _changes.Release();
        }
    }

    private async Task<SessionChange> ImportOneAsync(SessionSource source, string actor, CancellationToken cancellationToken)
    {
        if (source.Session is not { } session)
        {
            return await AuditedAsync(actor, "session.import", source.Source, new SessionChange(source.Source, SessionChangeResult.Invalid, source.Error ?? "not a session"), cancellationToken);
        }

        await _changes.WaitAsync(cancellationToken);
        try
        {
            SessionImportOutcome outcome;
            try
            {
                using var timeout = Timeout(cancellationToken);
                outcome = await SessionImport.ImportAsync(options, _folder, session, time, timeout.Token);
            }
            catch (Exception ex) when (IsUnreachable(ex, cancellationToken))
            {
                outcome = new SessionImportOutcome(SessionImportResult.Refused, Unreachable(ex), null, CanRetry: true);
            }

            var change = outcome switch
            {
                { Result: SessionImportResult.Added, Session: { } added } => Joined(source.Source, added, "from a " + session.Format),
                { Result: SessionImportResult.Duplicate, Session: { } existing } => new SessionChange(source.Source, SessionChangeResult.Duplicate, $"already saved as {existing.Id}", Listing(existing, null)),
                _ => new SessionChange(source.Source, SessionChangeResult.Refused, outcome.Reason) { CanRetry = outcome.CanRetry },
            };
            return await AuditedAsync(actor, "session.import", change.Session?.Id ?? source.Source, change, cancellationToken);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>A session just saved: into the running swarm, and the change that says so.</summary>
    private SessionChange Joined(string source, TelegramSessionInfo info, string how)
    {
        vault?.AddSession(info);
        var state = vault is null ? null : "healthy";
        return new SessionChange(source, SessionChangeResult.Added, $"{info.Kind} {info.UserName} as {info.Id} (DC {info.Dc}, {how})", Listing(info, state));
    }

    private async Task<SessionChange> AuditedAsync(string actor, string action, string target, SessionChange change, CancellationToken cancellationToken)
    {
        if (audit is not null)
        {
            await audit.WriteAsync(actor, action, target, $"{change.Word}: {change.Detail}", cancellationToken);
        }

        return change;
    }

    private static SessionListing Listing(TelegramSessionInfo info, string? state) => new(info.Id, info.Kind, info.UserName, info.Dc, info.Added, state);

    /// <summary>Each login gets its own deadline on top of the client's per-request timeout, so a DC that accepts the
    /// connection and then says nothing cannot hold a page or the start-up for ever.</summary>
    private CancellationTokenSource Timeout(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout * 3);
        return timeout;
    }

    private static bool IsUnreachable(Exception ex, CancellationToken cancellationToken) =>
        SessionImport.CannotReach(ex) || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Unreachable(Exception ex) =>
        ex is OperationCanceledException ? "Telegram could not be asked: no answer in time" : SessionImport.CannotReachText(ex);

    /// <summary>An uploaded file's name as a source label: its last segment, printable characters only, at most 80.</summary>
    private static string SourceName(string? fileName)
    {
        var name = Path.GetFileName(fileName ?? string.Empty);
        var printable = new string([.. name.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)]).Trim();
        return printable.Length == 0 ? "file" : printable.Length > 80 ? printable[..80] : printable;
    }

    private HashSet<string> ReadImportedFiles()
    {
        var path = Path.Combine(_folder.Folder, ImportedFilesName);
        return File.Exists(path) ? [.. File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0)] : [];
    }

    private void WriteImportedFiles(HashSet<string> hashes)
    {
        Directory.CreateDirectory(_folder.Folder);
        var path = Path.Combine(_folder.Folder, ImportedFilesName);
        File.WriteAllLines(path + ".tmp", hashes.Order(StringComparer.Ordinal));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public void Dispose() => _changes.Dispose();

    [GeneratedRegex(@"^[0-9]{1,20}:[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex BotToken();

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Imported session from {Source}: {Detail}")]
        public static partial void Imported(ILogger logger, string source, string detail);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Session from {Source} not imported ({Result}): {Detail}")]
        public static partial void NotImported(ILogger logger, string source, string result, string detail);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Session file {File} could not be read: {Reason}")]
        public static partial void FileUnreadable(ILogger logger, string file, string reason);
    }
}

/// <summary>Which files of an import folder are sessions to import: <c>.session</c> files (SQLite or text) and text
/// files (<c>.txt</c>, <c>.string</c>) of string sessions, directly in the folder; hidden files and SQLite journals are not.</summary>
internal static class WorkerFiles
{
    private static readonly string[] Extensions = [".session", ".txt", ".string"];

    public static IReadOnlyList<string> Find(string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder)
            .Where(p => !Path.GetFileName(p).StartsWith('.') && Extensions.Contains(Path.GetExtension(p), StringComparer.OrdinalIgnoreCase))
            .Where(p => new FileInfo(p).Length is > 0 and <= TelegramSessions.MaxImportFileBytes)
            .Order(StringComparer.Ordinal)];
    }
}
