namespace StreamVault.Core.Http;

/// <summary>
/// Decides the response to a GET/HEAD of a representation from its conditional and range headers,
/// in the order of RFC 9110 §13.2.2:
/// If-Match (else If-Unmodified-Since) → 412; If-None-Match (else If-Modified-Since) → 304;
/// then If-Range and Range → 206/416, or 200.
/// </summary>
/// <remarks>
/// Two deliberate departures from nginx, both where nginx is stricter than the RFC: nginx requires
/// If-Modified-Since to pass even when If-None-Match is present, and If-Unmodified-Since even when
/// If-Match is present; the RFC says the date field is then ignored, and so do we. nginx also answers
/// If-Unmodified-Since with 412 when there is no Last-Modified, where the RFC says to ignore it.
/// If-Modified-Since compares like nginx's <c>if_modified_since before</c> (not modified when the
/// date is at or after Last-Modified), which is what RFC 9110 §13.1.3 specifies.
/// </remarks>
public static class RangePlanner
{
    /// <summary>Plans the response; <paramref name="maxRanges"/> as in <see cref="RangeHeaderParser.Parse"/>.</summary>
    public static RangeDecision Decide(in RangeRequestHeaders request, in RepresentationInfo representation, int maxRanges = RangeHeaderParser.Unlimited)
    {
        var length = representation.Length;
        ArgumentOutOfRangeException.ThrowIfNegative(length);

        if (PreconditionFails(request, representation))
        {
            return RangeDecision.Without(RangeResponseKind.PreconditionFailed, length);
        }

        if (request.IsGetOrHead && NotModified(request, representation))
        {
            return RangeDecision.Without(RangeResponseKind.NotModified, length);
        }

        if (!request.IsGetOrHead || request.Range is null || !IfRangeHolds(request.IfRange, representation))
        {
            return RangeDecision.Full(length);
        }

        return RangeHeaderParser.Parse(request.Range, length, out var ranges, maxRanges) switch
        {
            RangeParseOutcome.Satisfiable => RangeDecision.Partial(length, ranges),
            RangeParseOutcome.NotSatisfiable => RangeDecision.Without(RangeResponseKind.RangeNotSatisfiable, length),
            _ => RangeDecision.Full(length),
        };
    }

    // Steps 1 and 2 of §13.2.2.
    private static bool PreconditionFails(in RangeRequestHeaders request, in RepresentationInfo representation)
    {
        if (request.IfMatch is not null)
        {
            return !EntityTag.ListMatches(request.IfMatch, representation.ETag, weakComparison: false);
        }

        return request.IfUnmodifiedSince is not null
            && representation.LastModifiedSeconds is { } lastModified
            && HttpDate.TryParse(request.IfUnmodifiedSince, out var date)
            && lastModified > date;
    }

    // Steps 3 and 4 of §13.2.2 for GET/HEAD: true means 304.
    private static bool NotModified(in RangeRequestHeaders request, in RepresentationInfo representation)
    {
        if (request.IfNoneMatch is not null)
        {
            return EntityTag.ListMatches(request.IfNoneMatch, representation.ETag, weakComparison: true);
        }

        return request.IfModifiedSince is not null
            && representation.LastModifiedSeconds is { } lastModified
            && HttpDate.TryParse(request.IfModifiedSince, out var date)
            && lastModified <= date;
    }

    // Step 5: If-Range needs an exact strong validator match; anything else means "send it all".
    private static bool IfRangeHolds(string? ifRange, in RepresentationInfo representation)
    {
        if (ifRange is null)
        {
            return true;
        }

        var value = ifRange.AsSpan().Trim();
        if (value.StartsWith('"') || EntityTag.IsWeak(value))
        {
            return representation.ETag is { } etag && EntityTag.StrongEquals(value, etag);
        }

        return representation.LastModifiedSeconds is { } lastModified
            && HttpDate.TryParse(value, out var date)
            && date == lastModified;
    }
}
