namespace StreamVault.Platform;

/// <summary>
/// A problem with the machine or the configuration that the operator can fix (a data folder that is a file, a port in
/// use, a tool path that does not exist). The command line prints <see cref="Exception.Message"/> as one line, which
/// names the problem and the fix, and exits with code 2; no stack trace.
/// </summary>
public sealed class SetupException : Exception
{
    public SetupException(string message)
        : base(message)
    {
    }

    public SetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SetupException()
    {
    }
}
