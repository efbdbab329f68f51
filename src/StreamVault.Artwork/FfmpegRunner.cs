using Microsoft.Extensions.Options;
using StreamVault.Platform;

namespace StreamVault.Artwork;

/// <summary>Runs ffmpeg with a time limit. Failures are reported as false with ffmpeg's last words, never thrown:
/// artwork is a nicety, and nothing that needs it may fail because of it.</summary>
public sealed partial class FfmpegRunner(IOptions<ArtworkOptions> options, ILogger<FfmpegRunner> logger)
{
    private readonly Lazy<string?> _executable = new(() => Executables.Locate(options.Value.FfmpegPath, "ffmpeg"));

    public bool IsAvailable => _executable.Value is not null;

    public async Task<bool> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_executable.Value is not { } ffmpeg)
        {
            return false;
        }

        var run = await ToolProcess.RunAsync(ffmpeg, ["-hide_banner", "-nostdin", "-v", "error", .. arguments], timeout, cancellationToken);
        if (run is { TimedOut: true })
        {
            Log.TimedOut(logger, timeout);
        }
        else if (run is { Succeeded: false })
        {
            Log.Failed(logger, run.ExitCode, Tail(run.Errors));
        }

        return run is { Succeeded: true };
    }

    private static string Tail(string text) => text.Length <= 500 ? text.Trim() : text[^500..].Trim();

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "ffmpeg took longer than {Timeout}; stopped it")]
        public static partial void TimedOut(ILogger logger, TimeSpan timeout);

        [LoggerMessage(Level = LogLevel.Warning, Message = "ffmpeg exited with {Code}: {Errors}")]
        public static partial void Failed(ILogger logger, int code, string errors);
    }
}
