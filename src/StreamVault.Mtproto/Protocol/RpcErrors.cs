using System.Globalization;

namespace StreamVault.Mtproto;

/// <summary>An rpc_error from Telegram: code (e.g. 400, 420) and the upper-case message (e.g. FLOOD_WAIT_30).</summary>
public class RpcErrorException(int code, string message) : Exception($"{code} {message}")
{
    public int Code { get; } = code;

    public string ErrorMessage { get; } = message;

    public static RpcErrorException From(int code, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (TrySuffix(message, "FLOOD_WAIT_", out var s) || TrySuffix(message, "FLOOD_PREMIUM_WAIT_", out s))
        {
            return new FloodWaitException(code, message, s);
        }

        if (TrySuffix(message, "FILE_MIGRATE_", out var dc))
        {
            return new FileMigrateException(code, message, dc);
        }

        if (TrySuffix(message, "USER_MIGRATE_", out dc) || TrySuffix(message, "PHONE_MIGRATE_", out dc) || TrySuffix(message, "NETWORK_MIGRATE_", out dc))
        {
            return new UserMigrateException(code, message, dc);
        }

        if (message.StartsWith("FILE_REFERENCE_", StringComparison.Ordinal))
        {
            return new FileReferenceExpiredException(code, message);
        }

        if (message == "SESSION_PASSWORD_NEEDED")
        {
            return new SessionPasswordNeededException(code, message);
        }

        return new RpcErrorException(code, message);
    }

    private static bool TrySuffix(string message, string prefix, out int value)
    {
        value = 0;
        return message.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(message.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}

/// <summary>420 FLOOD_WAIT_X: the caller must not repeat the request for <see cref="Seconds"/> seconds.</summary>
public sealed class FloodWaitException(int code, string message, int seconds) : RpcErrorException(code, message)
{
    public int Seconds { get; } = seconds;
}

/// <summary>303 FILE_MIGRATE_X: the file lives on DC <see cref="Dc"/>.</summary>
public sealed class FileMigrateException(int code, string message, int dc) : RpcErrorException(code, message)
{
    public int Dc { get; } = dc;
}

/// <summary>303 USER_MIGRATE_X / PHONE_MIGRATE_X / NETWORK_MIGRATE_X: the account's home DC is <see cref="Dc"/>.</summary>
public sealed class UserMigrateException(int code, string message, int dc) : RpcErrorException(code, message)
{
    public int Dc { get; } = dc;
}

/// <summary>400 FILE_REFERENCE_EXPIRED (or another FILE_REFERENCE_* error): refetch the message to get a fresh reference.</summary>
public sealed class FileReferenceExpiredException(int code, string message) : RpcErrorException(code, message);

/// <summary>401 SESSION_PASSWORD_NEEDED: the account has 2FA; continue with the SRP password check.</summary>
public sealed class SessionPasswordNeededException(int code, string message) : RpcErrorException(code, message);
