namespace StreamVault.Core.Subtitles;

/// <summary>One timed cue. <see cref="Text"/> is already sanitised WebVTT cue text; <see cref="Settings"/> are vetted WebVTT cue settings or empty.</summary>
public sealed record SubtitleCue(TimeSpan Start, TimeSpan End, string Text, string Settings = "");

/// <summary>The subtitle formats the server can turn into WebVTT.</summary>
public enum SubtitleFormat
{
    Srt,
    WebVtt,
    Ass,
}

/// <summary>Thrown when a subtitle file is not recognisable at all (as opposed to a few bad cues, which are skipped).</summary>
public sealed class SubtitleFormatException : Exception
{
    public SubtitleFormatException()
    {
    }

    public SubtitleFormatException(string message)
        : base(message)
    {
    }

    public SubtitleFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
