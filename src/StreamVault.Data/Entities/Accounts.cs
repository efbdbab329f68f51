namespace StreamVault.Data.Entities;

public enum UserRole
{
    Viewer = 0,
    Premium = 1,
    Admin = 2,
}

public sealed class User
{
    public long Id { get; set; }

    public required string PublicId { get; set; }

    public required string DisplayName { get; set; }

    public UserRole Role { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>A one-time sign-in link. Only the SHA-256 of the token is stored.</summary>
public sealed class SignInToken
{
    public long Id { get; set; }

    public required string TokenHash { get; set; }

    public long UserId { get; set; }

    public User? User { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? UsedAt { get; set; }
}

/// <summary>Key-value settings the server creates on first run (signing secrets, install id).</summary>
public sealed class AppSetting
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}

/// <summary>Who did what to which row; written by takedown, remove and admin actions.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string Target { get; set; }

    public string? Detail { get; set; }
}

/// <summary>A Telegram user the owner let command the manager bot (`/admins add`), beside those in configuration.</summary>
public sealed class BotAdmin
{
    /// <summary>The Telegram user id: the key, since a user is an admin once.</summary>
    public long TelegramUserId { get; set; }

    public DateTime AddedAt { get; set; }

    /// <summary>The Telegram user id of the owner who added them.</summary>
    public long AddedBy { get; set; }
}
