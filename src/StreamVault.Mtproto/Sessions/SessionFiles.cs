using Microsoft.Data.Sqlite;

namespace StreamVault.Mtproto.Sessions;

/// <summary>
/// Reads the SQLite <c>.session</c> files of Pyrogram (table <c>sessions</c>: dc_id, api_id, test_mode, auth_key, date,
/// user_id, is_bot; api_id is missing in old files) and Telethon (dc_id, server_address, port, auth_key, takeout_id).
/// The file is opened read-only, so an import never changes the other program's file.
/// </summary>
public static class SessionFiles
{
    private static readonly byte[] SqliteMagic = "SQLite format 3\0"u8.ToArray();

    /// <summary>True when the file starts with SQLite's header, so callers can tell a session file from a text file of strings.</summary>
    public static bool IsSqlite(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[16];
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(SqliteMagic);
    }

    public static ForeignSession Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ForeignSessionFormatException($"{Path.GetFileName(path)}: no such file");
        }

        if (!IsSqlite(path))
        {
            throw new ForeignSessionFormatException($"{Path.GetFileName(path)} is not an SQLite .session file");
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        try
        {
            using var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            var columns = Columns(connection);
            if (columns.Count == 0)
            {
                throw new ForeignSessionFormatException($"{Path.GetFileName(path)} has no sessions table");
            }

            var telethon = columns.Contains("server_address");
            using var command = connection.CreateCommand();
            command.CommandText = telethon
                ? "SELECT dc_id, server_address, port, auth_key FROM sessions WHERE auth_key IS NOT NULL LIMIT 1"
                : "SELECT dc_id, auth_key, "
                  + (columns.Contains("test_mode") ? "test_mode" : "0") + ", "
                  + (columns.Contains("user_id") ? "user_id" : "NULL") + ", "
                  + (columns.Contains("is_bot") ? "is_bot" : "NULL")
                  + " FROM sessions LIMIT 1";
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                throw new ForeignSessionFormatException($"{Path.GetFileName(path)} holds no logged-in session");
            }

            if (telethon)
            {
                return new ForeignSession(
                    "Telethon file", SessionStrings.CheckDc(reader.GetInt32(0)), reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetInt32(2), SessionStrings.CheckKey(Key(reader, 3, path)), null, null, false);
            }

            return new ForeignSession(
                "Pyrogram file", SessionStrings.CheckDc(reader.GetInt32(0)), null, null, SessionStrings.CheckKey(Key(reader, 1, path)),
                reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetInt64(4) != 0,
                !reader.IsDBNull(2) && reader.GetInt64(2) != 0);
        }
        catch (SqliteException e)
        {
            throw new ForeignSessionFormatException($"{Path.GetFileName(path)} cannot be read as SQLite ({e.SqliteErrorCode}: {FirstLine(e.Message)})");
        }
    }

    private static HashSet<string> Columns(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('sessions')";
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static byte[] Key(SqliteDataReader reader, int ordinal, string path) =>
        reader.IsDBNull(ordinal)
            ? throw new ForeignSessionFormatException($"{Path.GetFileName(path)} has no auth key (the session was never logged in)")
            : (byte[])reader.GetValue(ordinal);

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
