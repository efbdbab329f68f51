using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace StreamVault.Mtproto.Sessions;

/// <summary>
/// Reads the string sessions of Pyrogram, Telethon and GramJS from their public layouts. Telethon and GramJS strings
/// start with the version "1"; Pyrogram's base64 starts with its DC byte, so it never does.
/// </summary>
public static class SessionStrings
{
    // Pyrogram: ">BI?256sQ?" (dc, api_id, test_mode, auth_key, user_id, is_bot) since 2.0; before that ">B?256sI?"
    // with a 32-bit user id, and ">B?256sQ?" once user ids grew past 32 bits.
    private const int PyrogramCurrent = 1 + 4 + 1 + 256 + 8 + 1;
    private const int PyrogramOld32 = 1 + 1 + 256 + 4 + 1;
    private const int PyrogramOld64 = 1 + 1 + 256 + 8 + 1;

    // Telethon: ">B{4|16}sH256s" (dc, packed IPv4 or IPv6, port, auth_key).
    private const int TelethonV4 = 1 + 4 + 2 + 256;
    private const int TelethonV6 = 1 + 16 + 2 + 256;

    // GramJS: dc, address length (2 BE), address text, port (2 BE), auth_key.
    private const int GramJsFixed = 1 + 2 + 2 + 256;

    public static ForeignSession Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        if (s.Length == 0)
        {
            throw new ForeignSessionFormatException("empty session string");
        }

        if (s[0] == '1')
        {
            var bytes = DecodeBase64(s[1..], "Telethon/GramJS");
            return LooksLikeGramJs(bytes) ? ParseGramJs(bytes) : ParseTelethon(bytes);
        }

        return ParsePyrogram(DecodeBase64(s, "Pyrogram"));
    }

    private static bool LooksLikeGramJs(byte[] b)
    {
        if (b.Length < GramJsFixed + 1)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(1, 2));
        return length == b.Length - GramJsFixed && b.AsSpan(3, length).IndexOfAnyExceptInRange((byte)0x21, (byte)0x7e) < 0;
    }

    private static ForeignSession ParseGramJs(byte[] b)
    {
        var length = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(1, 2));
        var address = Encoding.ASCII.GetString(b, 3, length);
        var port = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(3 + length, 2));
        var key = b.AsSpan(5 + length, ForeignSession.AuthKeyLength).ToArray();
        return new ForeignSession("GramJS string", CheckDc(b[0]), address, port, CheckKey(key), null, null, false);
    }

    private static ForeignSession ParseTelethon(byte[] b)
    {
        var ipLength = b.Length switch
        {
            TelethonV4 => 4,
            TelethonV6 => 16,
            _ => throw new ForeignSessionFormatException(
                $"Telethon/GramJS string session decodes to {b.Length} bytes; Telethon has {TelethonV4} or {TelethonV6}, GramJS {GramJsFixed} plus the address"),
        };
        var address = new IPAddress(b.AsSpan(1, ipLength)).ToString();
        var port = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(1 + ipLength, 2));
        var key = b.AsSpan(3 + ipLength, ForeignSession.AuthKeyLength).ToArray();
        return new ForeignSession("Telethon string", CheckDc(b[0]), address, port, CheckKey(key), null, null, false);
    }

    private static ForeignSession ParsePyrogram(byte[] b)
    {
        var span = b.AsSpan();
        switch (b.Length)
        {
            case PyrogramCurrent:
                return new ForeignSession(
                    "Pyrogram string", CheckDc(span[0]), null, null, CheckKey(span.Slice(6, 256).ToArray()),
                    BinaryPrimitives.ReadInt64BigEndian(span.Slice(262, 8)), span[270] != 0, span[5] != 0);
            case PyrogramOld32:
                return new ForeignSession(
                    "Pyrogram string (old)", CheckDc(span[0]), null, null, CheckKey(span.Slice(2, 256).ToArray()),
                    BinaryPrimitives.ReadUInt32BigEndian(span.Slice(258, 4)), span[262] != 0, span[1] != 0);
            case PyrogramOld64:
                return new ForeignSession(
                    "Pyrogram string (old)", CheckDc(span[0]), null, null, CheckKey(span.Slice(2, 256).ToArray()),
                    BinaryPrimitives.ReadInt64BigEndian(span.Slice(258, 8)), span[266] != 0, span[1] != 0);
            default:
                throw new ForeignSessionFormatException(
                    $"Pyrogram string session decodes to {b.Length} bytes; known layouts have {PyrogramCurrent}, {PyrogramOld64} or {PyrogramOld32}");
        }
    }

    /// <summary>Both alphabets and optional padding: Telethon and Pyrogram write URL-safe base64, GramJS the standard one.</summary>
    private static byte[] DecodeBase64(string s, string format)
    {
        var normal = s.Replace('-', '+').Replace('_', '/').TrimEnd('=');
        normal = normal.PadRight(normal.Length + ((4 - (normal.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(normal);
        }
        catch (FormatException)
        {
            throw new ForeignSessionFormatException($"{format} string session is not valid base64");
        }
    }

    internal static int CheckDc(int dc) =>
        dc is >= 1 and <= 5 or >= 10001 and <= 10005
            ? dc
            : throw new ForeignSessionFormatException($"session names DC {dc}; Telegram's DCs are 1 to 5");

    internal static byte[] CheckKey(byte[] key) =>
        key.Length != ForeignSession.AuthKeyLength
            ? throw new ForeignSessionFormatException($"auth key has {key.Length} bytes; MTProto auth keys have 256")
            : key.AsSpan().IndexOfAnyExcept((byte)0) < 0
                ? throw new ForeignSessionFormatException("auth key is all zeros (the session was never logged in)")
                : key;
}
