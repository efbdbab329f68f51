using System.Diagnostics;

namespace StreamVault.Platform;

/// <summary>What an external tool run came to. <see cref="TimedOut"/> runs were killed and have no exit code.</summary>
public sealed record ToolRun(bool TimedOut, int ExitCode, string Output, string Errors)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;
}

/// <summary>Runs an external tool (ffprobe, ffmpeg) with its output captured and a time limit; a run over the limit is
/// killed with its children. Cancellation by the caller is thrown as usual.</summary>
public static class ToolProcess
{
    /// <summary>The run, or null when the process could not be started.</summary>
    public static async Task<ToolRun?> RunAsync(string executable, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start);
        if (process is null)
        {
            return null;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(limit.Token);
            var errors = process.StandardError.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
            return new ToolRun(false, process.ExitCode, await output, await errors);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return new ToolRun(true, -1, string.Empty, string.Empty);
        }
    }
}
