using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StreamVault.Platform;

namespace StreamVault.Catalog.Ingest;

/// <summary>Facts ffprobe reports about a media file.</summary>
public sealed record ProbeResult(double? DurationSeconds, int? Width, int? Height, string? VideoCodec, long? BitRate, IReadOnlyList<ProbeTrack> Tracks);

public sealed record ProbeTrack(string Kind, string? Codec, string? Language, string? Title, int? Channels);

/// <summary>Runs ffprobe when it is installed. Without it ingest still works, with facts from the file name only.</summary>
public sealed class MediaProbe(IOptions<CatalogOptions> options, ILogger<MediaProbe> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Lazy<string?> _executable = new(() => Executables.Locate(options.Value.FfprobePath, "ffprobe"));

    public bool IsAvailable => _executable.Value is not null;

    public const string UnavailableWarning = "ffprobe not found: media facts (duration, resolution, tracks) come from file names only. Install ffmpeg (apt-get install ffmpeg) or set StreamVault:Catalog:FfprobePath.";

    public async Task<ProbeResult?> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        if (_executable.Value is not { } ffprobe)
        {
            return null;
        }

        string[] arguments = ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "--", path];
        var run = await ToolProcess.RunAsync(ffprobe, arguments, Timeout, cancellationToken);
        if (run is { TimedOut: true })
        {
            logger.LogWarning("ffprobe took longer than {Timeout} on {Path}; using the file name only", Timeout, path);
            return null;
        }

        try
        {
            return run is { Succeeded: true } ? Parse(run.Output) : null;
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "ffprobe output for {Path} was not readable; using the file name only", path);
            return null;
        }
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
}
