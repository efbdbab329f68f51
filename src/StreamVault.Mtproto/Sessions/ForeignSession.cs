using System.Buffers.Binary;
using System.Security.Cryptography;

namespace StreamVault.Mtproto.Sessions;

/// <summary>
/// A login made by another MTProto library (Pyrogram, Telethon, GramJS), reduced to what our client needs: the DC,
/// its address when the format stores one, and the auth key. User id and bot flag are kept when the format has them,
/// but they are only hints: the check against Telegram decides who the session is.
/// </summary>
public sealed record ForeignSession(
    string Format,
    int Dc,
    string? ServerAddress,
    int? Port,
    byte[] AuthKey,
    long? UserId,
    bool? IsBot,
    bool TestMode)
{
    public const int AuthKeyLength = 256;

    /// <summary>The auth key id as MTProto frames it: the low 64 bits of SHA1(auth_key), little-endian. Two imports of one login share it.</summary>
    public long AuthKeyId => BinaryPrimitives.ReadInt64LittleEndian(SHA1.HashData(AuthKey).AsSpan(12, 8));
}

/// <summary>Input that is not a session of any known format; the message is one line that names the problem.</summary>
public sealed class ForeignSessionFormatException(string message) : FormatException(message);
