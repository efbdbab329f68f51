namespace StreamVault.Core.Http;

/// <summary>
/// What the range planner needs to know about the selected representation.
/// <paramref name="ETag"/> is the full field value including quotes (and <c>W/</c> if weak);
/// <paramref name="LastModified"/> is compared at whole-second precision, like HTTP-dates.
/// </summary>
public readonly record struct RepresentationInfo(long Length, string? ETag, DateTimeOffset? LastModified)
{
    /// <summary>Last-Modified truncated to seconds, the precision an HTTP-date can carry.</summary>
    public DateTimeOffset? LastModifiedSeconds =>
        LastModified is { } lm ? HttpDate.TruncateToSeconds(lm) : null;
}
