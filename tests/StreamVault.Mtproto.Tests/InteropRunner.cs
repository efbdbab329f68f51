using System.Diagnostics;
using System.Text.Json;

namespace StreamVault.Mtproto.Tests;

/// <summary>
/// Runs tests/StreamVault.Mtproto.Interop/interop.mjs (stock GramJS or mtcute) under Node.js and reads its report, one
/// JSON object per line. Shared by the interop tests and the server tests that use a GramJS-made session (linked into
/// both projects; the Interop targets install the node packages at build).
/// </summary>
internal static class InteropRunner
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    public sealed record NodeRun(int ExitCode, List<JsonElement> Lines, string Transcript)
    {
        /// <summary>The report line of <paramref name="step"/>, asserted present and ok.</summary>
        public JsonElement Step(string step)
        {
            var line = Lines.FirstOrDefault(l => l.TryGetProperty("step", out var s) && s.GetString() == step);
            Assert.True(line.ValueKind == JsonValueKind.Object, $"step {step} never ran.\n{Transcript}");
            Assert.True(line.GetProperty("ok").GetBoolean(), $"step {step} failed: {line}\n{Transcript}");
            return line;
        }
    }

    public static async Task<NodeRun> RunAsync(params string[] args)
    {
        var node = FindOnPath("node") ?? throw new InvalidOperationException(
            "node is not installed: the interop tests run stock GramJS and mtcute under Node.js 20 or later (Debian: apt-get install nodejs npm).");
        var dir = InteropDir();
        if (!File.Exists(Path.Combine(dir, "node_modules", ".package-lock.json")))
        {
            throw new InvalidOperationException($"{dir}node_modules is missing: the test project's build runs `npm ci` there (unless -p:SkipInteropNpm=true).");
        }

        var psi = new ProcessStartInfo(node) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(dir, "interop.mjs"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"interop.mjs did not finish within {RunTimeout}:\n{await stdout}\n{await stderr}");
        }

        var output = await stdout;
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var transcript = $"--- stdout\n{output}\n--- stderr\n{await stderr}";
        Assert.True(lines.Count > 0, $"interop.mjs printed no report.\n{transcript}");
        return new NodeRun(process.ExitCode, lines, transcript);
    }

    private static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    /// <summary>tests/StreamVault.Mtproto.Interop, found upwards from the test assembly.</summary>
    private static string InteropDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "tests", "StreamVault.Mtproto.Interop");
            if (File.Exists(Path.Combine(candidate, "interop.mjs")))
            {
                return candidate + Path.DirectorySeparatorChar;
            }
        }

        throw new InvalidOperationException("tests/StreamVault.Mtproto.Interop not found above " + AppContext.BaseDirectory);
    }
}
