using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StreamVault.Platform;

namespace StreamVault.Catalog.Ingest;

/// <summary>Facts ffprobe reports about a media file.</summary>
public sealed record ProbeResult(double? DurationSeconds, int? Width, int? Height, string? VideoCodec, long? BitRate, IReadOnlyList<ProbeTrack> Tracks)
{
    /// <summary>A stream a player can use: a video (not a cover picture) or an audio track with a codec ffprobe knows.</summary>
    public bool HasVideoOrAudio => VideoCodec is not null || Tracks.Any(t => t.Kind == "audio" && t.Codec is not null);
}

public sealed record ProbeTrack(string Kind, string? Codec, string? Language, string? Title, int? Channels);

/// <summary>What ingest learns before copying a file: its facts (null without ffprobe), or why it is not media.</summary>
public sealed record MediaCheck(ProbeResult? Facts, string? Refusal);

/// <summary>Decides whether a file is media: ffprobe must find a video or audio stream it can decode; without ffprobe
/// the first bytes must be a known container's (<see cref="MediaSignature"/>) and the facts come from the name.</summary>
public sealed partial class MediaProbe(IOptions<CatalogOptions> options, ILogger<MediaProbe> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Lazy<string?> _executable = new(() => Executables.Locate(options.Value.FfprobePath, "ffprobe"));

    public bool IsAvailable => _executable.Value is not null;

    public const string UnavailableWarning = "ffprobe not found: files are checked by their first bytes only, and media facts (duration, resolution, tracks) come from file names. Install ffmpeg (apt-get install ffmpeg) or set StreamVault:Catalog:FfprobePath.";

    public async Task<MediaCheck> CheckAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_executable.Value is not { } ffprobe)
        {
            return await BySignatureAsync(path, cancellationToken);
        }

        string[] arguments = ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "--", path];
        var run = await ToolProcess.RunAsync(ffprobe, arguments, Timeout, cancellationToken);
        if (run is null or { TimedOut: true })
        {
            Log.ProbeTimedOut(logger, Timeout, path);
            return await BySignatureAsync(path, cancellationToken);
        }

        if (!run.Succeeded)
        {
            return new MediaCheck(null, $"not media: ffprobe finds no video or audio stream in it ({LastWords(run.Errors, path)})");
        }

        ProbeResult facts;
        try
        {
            facts = Parse(run.Output);
        }
        catch (JsonException ex)
        {
            Log.ProbeOutputUnreadable(logger, ex, path);
            return await BySignatureAsync(path, cancellationToken);
        }

        return facts.HasVideoOrAudio
            ? new MediaCheck(facts, null)
            : new MediaCheck(null, "not media: ffprobe finds no video or audio stream it can decode in it");
    }

    private static async Task<MediaCheck> BySignatureAsync(string path, CancellationToken cancellationToken) =>
        await MediaSignature.RecognizeFileAsync(path, cancellationToken) is null
            ? new MediaCheck(null, $"not media: its first bytes are not those of a {MediaSignature.Known} file (no video or audio to offer)")
            : new MediaCheck(null, null);

    /// <summary>ffprobe's last error line without the path it repeats ("/x/y.mkv: Invalid data found ...").</summary>
    private static string LastWords(string errors, string path)
    {
        var line = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
        return line.StartsWith(path + ": ", StringComparison.Ordinal) ? line[(path.Length + 2)..] : line;
    }

    internal static ProbeResult Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        double? duration = null;
        long? bitRate = null;
        if (root.TryGetProperty("format", out var format))
        {
            duration = ParseDouble(format, "duration");
            bitRate = (long?)ParseDouble(format, "bit_rate");
        }

        int? width = null, height = null;
        string? videoCodec = null;
        var tracks = new List<ProbeTrack>();
        if (root.TryGetProperty("streams", out var streams))
        {
            foreach (var stream in streams.EnumerateArray())
            {
                var kind = Text(stream, "codec_type");
                var codec = Text(stream, "codec_name");
                var tags = stream.TryGetProperty("tags", out var t) ? t : default;
                if (kind == "video" && width is null && !IsAttachedPicture(stream))
                {
                    width = Int(stream, "width");
                    height = Int(stream, "height");
                    videoCodec = codec;
                }
                else if (kind is "audio" or "subtitle")
                {
                    tracks.Add(new ProbeTrack(kind, codec, tags.ValueKind == JsonValueKind.Object ? Text(tags, "language") : null,
                        tags.ValueKind == JsonValueKind.Object ? Text(tags, "title") : null, Int(stream, "channels")));
                }
            }
        }

        return new ProbeResult(duration, width, height, videoCodec, bitRate, tracks);
    }

    private static bool IsAttachedPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var a) && a.ValueKind == JsonValueKind.Number && a.GetInt32() == 1;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i : null;

    private static double? ParseDouble(JsonElement element, string name) =>
        Text(element, name) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "ffprobe did not answer within {Timeout} on {Path}; checking its first bytes and using the file name")]
        public static partial void ProbeTimedOut(ILogger logger, TimeSpan timeout, string path);

        [LoggerMessage(Level = LogLevel.Warning, Message = "ffprobe output for {Path} was not readable; checking its first bytes and using the file name")]
        public static partial void ProbeOutputUnreadable(ILogger logger, Exception exception, string path);
    }
}
