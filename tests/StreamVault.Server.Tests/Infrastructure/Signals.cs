using System.Runtime.InteropServices;

namespace StreamVault.Server.Tests.Infrastructure;

/// <summary>POSIX signals for freezing a child process at an exact moment (kill(2)).</summary>
internal static partial class Signals
{
    private const int SigStop = 19;

    /// <summary>Freezes the process (SIGSTOP cannot be caught); true when the signal was sent.</summary>
    public static bool Stop(int pid) => Kill(pid, SigStop) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
