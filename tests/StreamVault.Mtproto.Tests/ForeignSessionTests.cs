using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using StreamVault.Mtproto.Sessions;

namespace StreamVault.Mtproto.Tests;

/// <summary>Each vector is built here from the format's published layout, independently of the parser.</summary>
public sealed class ForeignSessionTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(256);

    private static string UrlSafe(byte[] bytes, bool pad) =>
        Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_').TrimEnd(pad ? ' ' : '=');

    [Fact]
    public void Pyrogram_current_string_round_trips()
    {
        // ">BI?256sQ?": dc, api_id, test_mode, auth_key, user_id, is_bot
        var b = new byte[271];
        b[0] = 2;
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(1), 123456);
        b[5] = 1;
        Key.CopyTo(b, 6);
        BinaryPrimitives.WriteInt64BigEndian(b.AsSpan(262), 7_000_000_001);
        b[270] = 1;

        var s = SessionStrings.Parse(UrlSafe(b, pad: false));

        Assert.Equal(("Pyrogram string", 2, 7_000_000_001L, true, true), (s.Format, s.Dc, s.UserId!.Value, s.IsBot!.Value, s.TestMode));
        Assert.Equal(Key, s.AuthKey);
        Assert.Null(s.ServerAddress);
    }

    [Fact]
    public void Pyrogram_old_strings_with_32_and_64_bit_user_ids_round_trip()
    {
        // ">B?256sI?" and ">B?256sQ?": dc, test_mode, auth_key, user_id, is_bot
        var old32 = new byte[263];
        old32[0] = 4;
        Key.CopyTo(old32, 2);
        BinaryPrimitives.WriteUInt32BigEndian(old32.AsSpan(258), 3_000_000_000);
        var old64 = new byte[267];
        old64[0] = 5;
        Key.CopyTo(old64, 2);
        BinaryPrimitives.WriteInt64BigEndian(old64.AsSpan(258), 9_000_000_000);
        old64[266] = 1;

        var a = SessionStrings.Parse(UrlSafe(old32, pad: false));
        var c = SessionStrings.Parse(UrlSafe(old64, pad: true));

        Assert.Equal((4, 3_000_000_000L, false), (a.Dc, a.UserId!.Value, a.IsBot!.Value));
        Assert.Equal((5, 9_000_000_000L, true), (c.Dc, c.UserId!.Value, c.IsBot!.Value));
        Assert.Equal(Key, a.AuthKey);
        Assert.Equal(Key, c.AuthKey);
    }

    [Fact]
    public void Telethon_strings_with_IPv4_and_IPv6_round_trip()
    {
        // "1" + urlsafe base64 of ">B{4|16}sH256s": dc, packed ip, port, auth_key
        var v4 = new byte[263];
        v4[0] = 2;
        new byte[] { 149, 154, 167, 51 }.CopyTo(v4, 1);
        BinaryPrimitives.WriteUInt16BigEndian(v4.AsSpan(5), 443);
        Key.CopyTo(v4, 7);
        var v6 = new byte[275];
        v6[0] = 3;
        System.Net.IPAddress.Parse("2001:67c:4e8:f003::a").GetAddressBytes().CopyTo(v6, 1);
        BinaryPrimitives.WriteUInt16BigEndian(v6.AsSpan(17), 80);
        Key.CopyTo(v6, 19);

        var a = SessionStrings.Parse("1" + UrlSafe(v4, pad: true));
        var c = SessionStrings.Parse("1" + UrlSafe(v6, pad: true));

        Assert.Equal(("Telethon string", 2, "149.154.167.51", 443), (a.Format, a.Dc, a.ServerAddress, a.Port!.Value));
        Assert.Equal(("Telethon string", 3, "2001:67c:4e8:f003::a", 80), (c.Format, c.Dc, c.ServerAddress, c.Port!.Value));
        Assert.Equal(Key, a.AuthKey);
        Assert.Equal(Key, c.AuthKey);
        Assert.Null(a.UserId);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("149.154.167.50")] // 14 characters: the same decoded length as a Telethon IPv6 string
    public void GramJS_string_round_trips(string address)
    {
        // "1" + base64 of dc, address length (2 BE), address, port (2 BE), auth_key
        var text = Encoding.ASCII.GetBytes(address);
        var b = new byte[1 + 2 + text.Length + 2 + 256];
        b[0] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(1), (ushort)text.Length);
        text.CopyTo(b, 3);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(3 + text.Length), 10443);
        Key.CopyTo(b, 5 + text.Length);

        var s = SessionStrings.Parse("1" + Convert.ToBase64String(b));

        Assert.Equal(("GramJS string", 1, address, 10443), (s.Format, s.Dc, s.ServerAddress, s.Port!.Value));
        Assert.Equal(Key, s.AuthKey);
    }

    [Fact]
    public void Auth_key_id_is_the_low_64_bits_of_the_key_sha1()
    {
        var b = new byte[271];
        b[0] = 1;
        Key.CopyTo(b, 6);
        var expected = BitConverter.ToInt64(SHA1.HashData(Key), 12);

        Assert.Equal(expected, SessionStrings.Parse(UrlSafe(b, pad: false)).AuthKeyId);
    }

    [Theory]
    [InlineData("", "empty session string")]
    [InlineData("   ", "empty session string")]
    [InlineData("1!!!not base64", "Telethon/GramJS string session is not valid base64")]
    [InlineData("AAAA", "Pyrogram string session decodes to 3 bytes")]
    [InlineData("1AAAA", "Telethon/GramJS string session decodes to 3 bytes")]
    public void Bad_strings_give_one_line_that_names_the_problem(string input, string start)
    {
        var e = Assert.Throws<ForeignSessionFormatException>(() => SessionStrings.Parse(input));

        Assert.StartsWith(start, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_zero_key_or_a_DC_out_of_range_is_refused()
    {
        var zero = new byte[271];
        zero[0] = 2;
        var farDc = new byte[271];
        farDc[0] = 9;
        Key.CopyTo(farDc, 6);

        Assert.Contains("all zeros", Assert.Throws<ForeignSessionFormatException>(() => SessionStrings.Parse(UrlSafe(zero, false))).Message, StringComparison.Ordinal);
        Assert.Contains("DC 9", Assert.Throws<ForeignSessionFormatException>(() => SessionStrings.Parse(UrlSafe(farDc, false))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pyrogram_session_file_round_trips()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "worker.session");
        Execute(path,
            "CREATE TABLE sessions (dc_id INTEGER PRIMARY KEY, api_id INTEGER, test_mode INTEGER, auth_key BLOB, date INTEGER NOT NULL, user_id INTEGER, is_bot INTEGER)",
            "INSERT INTO sessions VALUES (4, 12345, 0, $key, 0, 5550001, 1)");

        var s = SessionFiles.Read(path);

        Assert.Equal(("Pyrogram file", 4, 5550001L, true, false), (s.Format, s.Dc, s.UserId!.Value, s.IsBot!.Value, s.TestMode));
        Assert.Equal(Key, s.AuthKey);
    }

    [Fact]
    public void Telethon_session_file_round_trips()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "telethon.session");
        Execute(path,
            "CREATE TABLE sessions (dc_id INTEGER PRIMARY KEY, server_address TEXT, port INTEGER, auth_key BLOB, takeout_id INTEGER)",
            "INSERT INTO sessions VALUES (2, '149.154.167.51', 443, $key, NULL)");

        var s = SessionFiles.Read(path);

        Assert.Equal(("Telethon file", 2, "149.154.167.51", 443), (s.Format, s.Dc, s.ServerAddress, s.Port!.Value));
        Assert.Equal(Key, s.AuthKey);
    }

    [Fact]
    public void Bad_session_files_give_one_line_that_names_the_problem()
    {
        using var dir = new TempDir();
        var text = Path.Combine(dir.Path, "notes.session");
        File.WriteAllText(text, "hello");
        var empty = Path.Combine(dir.Path, "empty.session");
        Execute(empty, "CREATE TABLE other (x INTEGER)");
        var loggedOut = Path.Combine(dir.Path, "out.session");
        Execute(loggedOut,
            "CREATE TABLE sessions (dc_id INTEGER PRIMARY KEY, api_id INTEGER, test_mode INTEGER, auth_key BLOB, date INTEGER NOT NULL, user_id INTEGER, is_bot INTEGER)",
            "INSERT INTO sessions VALUES (2, 1, 0, NULL, 0, NULL, NULL)");

        Assert.Equal("notes.session is not an SQLite .session file", Assert.Throws<ForeignSessionFormatException>(() => SessionFiles.Read(text)).Message);
        Assert.Equal("empty.session has no sessions table", Assert.Throws<ForeignSessionFormatException>(() => SessionFiles.Read(empty)).Message);
        Assert.Equal("out.session has no auth key (the session was never logged in)", Assert.Throws<ForeignSessionFormatException>(() => SessionFiles.Read(loggedOut)).Message);
        Assert.Equal("gone.session: no such file", Assert.Throws<ForeignSessionFormatException>(() => SessionFiles.Read(Path.Combine(dir.Path, "gone.session"))).Message);
    }

    private static void Execute(string path, params string[] statements)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$key", Key);
            command.ExecuteNonQuery();
        }
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("sv-foreign-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
