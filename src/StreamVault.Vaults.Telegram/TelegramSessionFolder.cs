using System.Security.Cryptography;
using System.Text.Json;
using StreamVault.Mtproto;

namespace StreamVault.Vaults.Telegram;

/// <summary>
/// One saved Telegram login as `session list` shows it. The secrets (auth keys) are in the encrypted .session file beside it;
/// the auth key id (public on the wire) is kept for imported sessions so a second import of the same login is noticed.
/// </summary>
public sealed record TelegramSessionInfo(string Id, string Kind, long UserId, string UserName, int Dc, DateTimeOffset Added, long? AuthKeyId = null);

/// <summary>
/// The folder of saved sessions: per session an encrypted auth-key file (the library's <see cref="EncryptedFileSessionStore"/>)
/// and a small JSON card without secrets (kind, user, DC, when added) so listing needs neither the passphrase nor the network.
/// </summary>
public sealed class TelegramSessionFolder
{
    public const string KeyFileName = ".session-key";
    private const string SessionSuffix = ".session";
    private const string CardSuffix = ".json";
    private readonly string? _passphrase;

    public TelegramSessionFolder(string folder, string? passphrase)
    {
        Folder = Path.GetFullPath(folder);
        _passphrase = string.IsNullOrEmpty(passphrase) ? null : passphrase;
    }

    public string Folder { get; }

    public IReadOnlyList<TelegramSessionInfo> List()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var sessions = new List<TelegramSessionInfo>();
        foreach (var card in Directory.EnumerateFiles(Folder, "*" + CardSuffix))
        {
            TelegramSessionInfo? info;
            try
            {
                info = JsonSerializer.Deserialize<TelegramSessionInfo>(File.ReadAllBytes(card));
            }
            catch (JsonException)
            {
                continue;
            }

            if (info is not null && File.Exists(SessionPath(info.Id)))
            {
                sessions.Add(info);
            }
        }

        return [.. sessions.OrderBy(s => s.Added).ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    public TelegramSessionInfo? Find(string id) => List().FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal));

    /// <summary>Deletes a session's files; false when there is no such session.</summary>
    public bool Remove(string id)
    {
        if (!IsValidId(id) || !File.Exists(CardPath(id)))
        {
            return false;
        }

        File.Delete(SessionPath(id));
        File.Delete(CardPath(id));
        return true;
    }

    /// <summary>A new session id that no file uses yet.</summary>
    public string NewId(string kind)
    {
        while (true)
        {
            var id = kind + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            if (!File.Exists(CardPath(id)) && !File.Exists(SessionPath(id)))
            {
                return id;
            }
        }
    }

    public ISessionStore Store(string id)
    {
        Directory.CreateDirectory(Folder);
        return new EncryptedFileSessionStore(SessionPath(id), Passphrase());
    }

    public void SaveCard(TelegramSessionInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Directory.CreateDirectory(Folder);
        var tmp = CardPath(info.Id) + ".tmp";
        File.WriteAllBytes(tmp, JsonSerializer.SerializeToUtf8Bytes(info));
        File.Move(tmp, CardPath(info.Id), overwrite: true);
    }

    /// <summary>Deletes the files of a session that never finished logging in.</summary>
    internal void Discard(string id)
    {
        foreach (var path in new[] { SessionPath(id), SessionPath(id) + ".tmp", CardPath(id) })
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }

    public static bool IsValidId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
    }

    private string SessionPath(string id) => Path.Combine(Folder, id + SessionSuffix);

    private string CardPath(string id) => Path.Combine(Folder, id + CardSuffix);

    /// <summary>The configured passphrase, or a random key created once in the folder (owner-only on Unix).</summary>
    private string Passphrase()
    {
        if (_passphrase is not null)
        {
            return _passphrase;
        }

        var keyPath = Path.Combine(Folder, KeyFileName);
        if (!File.Exists(keyPath))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var stream = new FileStream(keyPath, options);
                stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
            }
            catch (IOException) when (File.Exists(keyPath))
            {
                // Another process created it first; use theirs.
            }
        }

        return File.ReadAllText(keyPath).Trim();
    }
}

/// <summary>Logs accounts in and saves them to a <see cref="TelegramSessionFolder"/>: what `streamvault session add` runs.</summary>
public static class TelegramSessions
{
    /// <summary>Largest session file an import takes: a Pyrogram or Telethon .session file is a few dozen KiB.</summary>
    public const int MaxImportFileBytes = 1024 * 1024;

    /// <summary>What a front end says when the vault is not Telegram's (no <see cref="ITelegramSessionAdmin"/> is registered).</summary>
    public const string NotTelegramVault = "Sessions are used by the Telegram vault only.";

    /// <summary>Session management without a running server (the command line): the same rules, no swarm to join, no audit.</summary>
    public static ITelegramSessionAdmin Offline(TelegramVaultOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        return new TelegramSessionAdmin(options, vault: null, audit: null, time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    }

    public static Task<TelegramSessionInfo> AddBotAsync(TelegramVaultOptions options, TelegramSessionFolder folder, string botToken, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(time);
        return AddAsync(options, folder, "bot", time, (client, ct) => client.LoginBotAsync(botToken, ct), cancellationToken);
    }

    public static Task<TelegramSessionInfo> AddUserAsync(
        TelegramVaultOptions options,
        TelegramSessionFolder folder,
        string phone,
        Func<CancellationToken, Task<string>> code,
        Func<CancellationToken, Task<string>> password,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(time);
        return AddAsync(options, folder, "user", time, (client, ct) => client.LoginUserAsync(phone, code, password, ct), cancellationToken);
    }

    private static async Task<TelegramSessionInfo> AddAsync(
        TelegramVaultOptions options,
        TelegramSessionFolder folder,
        string kind,
        TimeProvider time,
        Func<TelegramClient, CancellationToken, Task<TelegramUser>> login,
        CancellationToken cancellationToken)
    {
        var id = folder.NewId(kind);
        var saved = false;
        try
        {
            var store = folder.Store(id);
            await using var client = new TelegramClient(options.ClientOptions(options.EffectiveHomeDc, store));
            await client.ConnectAsync(cancellationToken);
            var user = await login(client, cancellationToken);
            // The library saves the session (auth keys, home DC after any USER_MIGRATE) as part of the login.
            var info = new TelegramSessionInfo(id, user.IsBot ? "bot" : "user", user.Id, user.FirstName, client.HomeDc, time.GetUtcNow());
            folder.SaveCard(info);
            saved = true;
            return info;
        }
        finally
        {
            if (!saved)
            {
                folder.Discard(id);
            }
        }
    }
}
