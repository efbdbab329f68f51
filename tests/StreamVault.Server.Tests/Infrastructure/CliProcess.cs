using System.Diagnostics;
using System.Text;

namespace StreamVault.Server.Tests.Infrastructure;

/// <summary>Runs the real `streamvault` command line as a child process, as a user would.</summary>
public sealed class CliProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CliProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => Signal();
    }

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static CliProcess Start(string dataDirectory, params string[] args) => Start(dataDirectory, null, args);

    /// <summary>Starts the command line with extra environment variables (configuration such as STREAMVAULT__TELEGRAM__CHANNEL).</summary>
    public static CliProcess Start(string dataDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        StartIn(null, dataDirectory, environment, args);

    /// <summary>Starts the command line in <paramref name="workingDirectory"/> (null: this process's), as a user would from
    /// a folder; a null <paramref name="dataDirectory"/> passes no --data-dir, so the default applies.</summary>
    public static CliProcess StartIn(string? workingDirectory, string? dataDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "streamvault.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (dataDirectory is not null)
        {
            start.ArgumentList.Add("--data-dir");
            start.ArgumentList.Add(dataDirectory);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["TERM"] = "dumb";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new CliProcess(Process.Start(start)!);
    }

    public static Task<(int ExitCode, string Output)> RunAsync(string dataDirectory, params string[] args) => RunAsync(dataDirectory, null, args);

    public static Task<(int ExitCode, string Output)> RunAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunInAsync(null, dataDirectory, environment, args);

    public static async Task<(int ExitCode, string Output)> RunInAsync(string? workingDirectory, string? dataDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var cli = StartIn(workingDirectory, dataDirectory, environment, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await cli.Process.WaitForExitAsync(timeout.Token);
        cli.Process.WaitForExit();
        return (cli.Process.ExitCode, cli.Output);
    }

    /// <summary>Waits for a line of output containing <paramref name="text"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(string text, CancellationToken cancellationToken)
    {
        while (true)
        {
            var exited = Process.HasExited;
            if (exited)
            {
                // Output still in the pipes is read before WaitForExit returns.
                Process.WaitForExit();
            }

            Task changed;
            lock (_output)
            {
                var line = _output.ToString().Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
                if (line is not null)
                {
                    return line.TrimEnd('\r');
                }

                if (exited)
                {
                    throw new InvalidOperationException($"The command exited ({Process.ExitCode}) without printing '{text}':\n{_output}");
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_output)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
