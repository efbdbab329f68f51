using Microsoft.Data.Sqlite;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Server.Tests.Telegram;

/// <summary>Logins made "elsewhere" (as Pyrogram or Telethon would have) against the MTProto test server, as the strings
/// and .session files those libraries keep.</summary>
internal static class ForeignLogins
{
    /// <summary>Registers a bot on the test server, logs it in outside the vault's folder and returns its auth key.</summary>
    public static async Task<byte[]> BotKeyAsync(MtprotoBackend backend, string token)
    {
        backend.Server.AddBot(token);
        var elsewhere = new TelegramSessionFolder(backend.Folder.Combine("elsewhere-" + Guid.NewGuid().ToString("N")[..6]), "p");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var made = await TelegramSessions.AddBotAsync(backend.Options(), elsewhere, token, TimeProvider.System, timeout.Token);
        return await SessionImportTests.AuthKeyAsync(elsewhere, made.Id);
    }

    /// <summary>A Telethon .session file (SQLite, table sessions: dc_id, server_address, port, auth_key, takeout_id).</summary>
    public static void WriteTelethonFile(string path, int dc, byte[] key)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        foreach (var sql in new[]
        {
            "CREATE TABLE sessions (dc_id INTEGER PRIMARY KEY, server_address TEXT, port INTEGER, auth_key BLOB, takeout_id INTEGER)",
            "INSERT INTO sessions VALUES ($dc, '127.0.0.1', 443, $key, NULL)",
        })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$dc", dc);
            command.Parameters.AddWithValue("$key", key);
            command.ExecuteNonQuery();
        }
    }
}
