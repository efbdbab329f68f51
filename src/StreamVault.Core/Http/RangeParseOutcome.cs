namespace StreamVault.Core.Http;

/// <summary>What a <c>Range</c> header means for a representation of known length.</summary>
public enum RangeParseOutcome
{
    /// <summary>No byte-range request (absent, empty, or another unit such as <c>items=</c>): serve the whole representation.</summary>
    None,

    /// <summary>
    /// A syntactically valid request the server chooses to answer in full with 200, as nginx does when
    /// the ranges add up to more than the representation (overlap abuse), exceed the range limit, or
    /// a range starts at 0 of an empty representation.
    /// </summary>
    ServeFull,

    /// <summary>At least one satisfiable range: answer 206.</summary>
    Satisfiable,

    /// <summary>Malformed, overflowing or only unsatisfiable ranges: answer 416 with <c>Content-Range: bytes */length</c>.</summary>
    NotSatisfiable,
}
