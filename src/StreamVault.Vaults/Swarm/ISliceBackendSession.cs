namespace StreamVault.Vaults.Swarm;

/// <summary>
/// One logged-in connection able to download file slices (a Telegram session). The MTProto client implements it;
/// the simulated Telegram does too. Calls are <c>upload.getFile</c>: <c>offset</c> a multiple of 4 KiB,
/// <c>destination.Length</c> (the limit) a multiple of 4 KiB that does not cross a 1 MiB boundary.
/// </summary>
public interface ISliceBackendSession
{
    string Id { get; }

    /// <summary>Data centre this session is authorised on; files of another DC answer <see cref="FileMigrateException"/>.</summary>
    int Dc { get; }

    /// <summary>Reads one slice; returns the count (less than asked only at the end of the file).</summary>
    /// <exception cref="FloodWaitException">The server wants no request from this session for a while.</exception>
    /// <exception cref="FileReferenceExpiredException">Call <see cref="RefreshFileReferenceAsync"/>, then retry.</exception>
    /// <exception cref="FileMigrateException">The file lives on another DC.</exception>
    ValueTask<int> GetSliceAsync(string locator, long offset, Memory<byte> destination, CancellationToken cancellationToken);

    /// <summary>Fetches a fresh file reference for <paramref name="locator"/> (one request against the budget).</summary>
    ValueTask RefreshFileReferenceAsync(string locator, CancellationToken cancellationToken);
}

// The failures below are the swarm's, backend-neutral: what a session can tell the scheduler (bench me for a while,
// refresh the reference, the file lives elsewhere, try another session). They are named after Telegram's errors
// because Telegram is the backend they were cut for, but Vaults cannot see the MTProto library, and the simulator
// raises them directly. StreamVault.Mtproto has its own RPC error types for its own callers; Vaults.Telegram translates
// those onto these in one place (TelegramSliceSession.Map), and no other layer defines either set again.

/// <summary>FLOOD_WAIT_X: the session must not send anything for <see cref="Wait"/>.</summary>
public sealed class FloodWaitException : Exception
{
    public FloodWaitException(TimeSpan wait)
        : base($"FLOOD_WAIT_{(int)Math.Ceiling(wait.TotalSeconds)}") => Wait = wait;

    public FloodWaitException()
        : this(TimeSpan.FromSeconds(1))
    {
    }

    public FloodWaitException(string message)
        : base(message) => Wait = TimeSpan.FromSeconds(1);

    public FloodWaitException(string message, Exception innerException)
        : base(message, innerException) => Wait = TimeSpan.FromSeconds(1);

    public TimeSpan Wait { get; }
}

/// <summary>FILE_REFERENCE_EXPIRED: the reference inside the locator must be refreshed.</summary>
public sealed class FileReferenceExpiredException : Exception
{
    public FileReferenceExpiredException()
        : base("FILE_REFERENCE_EXPIRED")
    {
    }

    public FileReferenceExpiredException(string message)
        : base(message)
    {
    }

    public FileReferenceExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>FILE_MIGRATE_X: the file is served by DC <see cref="Dc"/>.</summary>
public sealed class FileMigrateException : Exception
{
    public FileMigrateException(int dc)
        : base($"FILE_MIGRATE_{dc}") => Dc = dc;

    public FileMigrateException()
        : this(0)
    {
    }

    public FileMigrateException(string message)
        : base(message)
    {
    }

    public FileMigrateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Dc { get; }
}

/// <summary>An error worth retrying on another session (INTERNAL, connection reset, timeout).</summary>
public sealed class TransientBackendException : Exception
{
    public TransientBackendException()
    {
    }

    public TransientBackendException(string message)
        : base(message)
    {
    }

    public TransientBackendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The request itself cannot be served, by this session or any other (e.g. Telegram redirected the download to a CDN
/// this client cannot read): the swarm fails it at once, without retrying it elsewhere or holding it against the
/// session, which answered correctly.
/// </summary>
public sealed class PermanentBackendException : Exception
{
    public PermanentBackendException()
    {
    }

    public PermanentBackendException(string message)
        : base(message)
    {
    }

    public PermanentBackendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
