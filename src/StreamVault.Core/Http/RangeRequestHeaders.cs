namespace StreamVault.Core.Http;

/// <summary>
/// The request fields that decide a range/conditional response, as raw field values (null when absent).
/// <see cref="IsGetOrHead"/> matters because If-None-Match and If-Modified-Since give 304 only to GET/HEAD
/// and Range is only honoured for them.
/// </summary>
public readonly record struct RangeRequestHeaders
{
    public bool IsGetOrHead { get; init; }
    public string? Range { get; init; }
    public string? IfRange { get; init; }
    public string? IfMatch { get; init; }
    public string? IfNoneMatch { get; init; }
    public string? IfModifiedSince { get; init; }
    public string? IfUnmodifiedSince { get; init; }
}
