using System.Diagnostics;
using Microsoft.Extensions.Options;
using StreamVault.Server.Hosting;

namespace StreamVault.Server.Artwork;

/// <summary>Runs ffmpeg with a time limit. Failures are reported as false with ffmpeg's last words, never thrown:
/// artwork is a nicety, and nothing that needs it may fail because of it.</summary>
public sealed class FfmpegRunner(IOptions<StreamVaultOptions> options, ILogger<FfmpegRunner> logger)
{
    private readonly Lazy<string?> _executable = new(() => Executables.Locate(options.Value.FfmpegPath, "ffmpeg"));

    public bool IsAvailable => _executable.Value is not null;

    public async Task<bool> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_executable.Value is not { } ffmpeg)
        {
            return false;
        }

        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-hide_banner", "-nostdin", "-v", "error", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start);
        if (process is null)
        {
            return false;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            _ = process.StandardOutput.ReadToEndAsync(limit.Token);
            var errors = process.StandardError.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
            if (process.ExitCode == 0)
            {
                return true;
            }

            logger.LogWarning("ffmpeg exited with {Code}: {Errors}", process.ExitCode, Tail(await errors));
            return false;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            logger.LogWarning("ffmpeg took longer than {Timeout}; stopped it", timeout);
            return false;
        }
    }

    private static string Tail(string text) => text.Length <= 500 ? text.Trim() : text[^500..].Trim();
}
