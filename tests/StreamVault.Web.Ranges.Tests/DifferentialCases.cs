namespace StreamVault.Web.Ranges.Tests;

/// <summary>A request sent identically to nginx and to StreamVault.</summary>
public sealed record DifferentialCase(string Name, string Method, string File, params IReadOnlyList<(string Name, string Value)> Headers);

/// <summary>
/// The requests of the nginx differential. Deliberately left out, because StreamVault follows RFC 9110 where
/// nginx does not: If-None-Match together with a failing If-Modified-Since (RFC: 304, nginx: 200) and
/// If-Match together with a failing If-Unmodified-Since (RFC: 200, nginx: 412); see RangePlanner's remarks.
/// </summary>
public static class DifferentialCases
{
    private const string Sample = DifferentialFixture.SampleName;
    private const string Empty = DifferentialFixture.EmptyName;
    private const string Old = "Mon, 01 Jan 2024 00:00:00 GMT";
    private const string Future = "Fri, 01 Jan 2100 00:00:00 GMT";
    private const long Last = DifferentialFixture.SampleLength - 1;

    public static string ETag { get; } =
        $"\"{new DateTimeOffset(DifferentialFixture.Modified).ToUnixTimeSeconds():x}-{DifferentialFixture.SampleLength:x}\"";

    public static string LastModified { get; } = DifferentialFixture.Modified.ToString("r", System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyList<DifferentialCase> All { get; } =
    [
        // plain requests
        Get("plain GET"),
        new("plain HEAD", "HEAD", Sample),
        // single ranges
        Range("first byte", "bytes=0-0"),
        Range("first KiB", "bytes=0-1023"),
        Range("open-ended", "bytes=1000-"),
        Range("open-ended whole file is still 206", "bytes=0-"),
        Range("suffix 500", "bytes=-500"),
        Range("suffix 1", "bytes=-1"),
        Range("suffix longer than file", "bytes=-99999999"),
        Range("last byte", $"bytes={Last}-{Last}"),
        Range("end beyond EOF is clamped", "bytes=3145000-99999999"),
        Range("crosses a 1 MiB slice", "bytes=1048000-1049000"),
        Range("unit is case-insensitive", "BYTES=0-9"),
        Range("space after =", "bytes= 0-0"),
        Range("spaces around dash", "bytes=1 - 2"),
        Range("end = long.MaxValue", "bytes=0-9223372036854775807"),
        // malformed and unsatisfiable: nginx answers 416 for syntax errors too, not 200
        Range("letters", "bytes=abc"),
        Range("reversed", "bytes=5-1"),
        Range("suffix zero", "bytes=-0"),
        Range("empty spec", "bytes="),
        Range("other unit", "items=0-1"),
        Range("no equals sign", "bytes 0-1"),
        Range("start at EOF", $"bytes={Last + 1}-"),
        Range("start beyond EOF", "bytes=99999999-"),
        Range("start beyond EOF with end", "bytes=99999999-99999999"),
        Range("huge end overflows", "bytes=0-99999999999999999999999"),
        Range("huge start overflows", "bytes=99999999999999999999999-"),
        Range("start = long.MaxValue", "bytes=9223372036854775807-"),
        Range("space after suffix dash", "bytes=- 5"),
        Range("tab inside", "bytes=\t0-1"),
        Range("trailing comma", "bytes=0-1,"),
        Range("semicolon separator", "bytes=0-1;2-3"),
        Range("negative end", "bytes=0--1"),
        // several ranges: nginx neither sorts nor merges; it sends all parts as asked
        Range("two ranges", "bytes=0-0,-1"),
        Range("three ranges", "bytes=0-9,20-29,40-49"),
        Range("out of order", "bytes=500-599,0-99"),
        Range("adjacent are not merged", "bytes=0-9,10-19"),
        Range("overlapping within length", "bytes=0-499,100-599"),
        Range("same range twice", "bytes=100-199,100-199"),
        // ... unless the parts add up to more than the file: then the whole file, 200
        Range("overlap beyond length serves 200", "bytes=0-2000000,1000000-3000000"),
        Range("whole file twice serves 200", "bytes=0-,0-"),
        Range("many ranges", "bytes=" + string.Join(',', Enumerable.Range(0, 100).Select(i => $"{i * 1000}-{(i * 1000) + 9}"))),
        Range("satisfiable and beyond EOF", "bytes=0-9,99999999-"),
        Range("beyond EOF and satisfiable", "bytes=99999999-,-10"),
        Range("all beyond EOF", "bytes=99999999-,88888888-"),
        Range("valid then garbage", "bytes=0-9,abc"),
        // If-Range
        Get("If-Range strong etag", ("Range", "bytes=0-99"), ("If-Range", ETag)),
        Get("If-Range wrong etag", ("Range", "bytes=0-99"), ("If-Range", "\"nope\"")),
        Get("If-Range weak etag", ("Range", "bytes=0-99"), ("If-Range", "W/" + ETag)),
        Get("If-Range exact date", ("Range", "bytes=0-99"), ("If-Range", LastModified)),
        Get("If-Range old date", ("Range", "bytes=0-99"), ("If-Range", Old)),
        Get("If-Range future date", ("Range", "bytes=0-99"), ("If-Range", Future)),
        Get("If-Range garbage", ("Range", "bytes=0-99"), ("If-Range", "yesterday")),
        Get("If-Range holds, bad range", ("Range", "bytes=abc"), ("If-Range", ETag)),
        Get("If-Range fails, bad range", ("Range", "bytes=abc"), ("If-Range", "\"nope\"")),
        Get("If-Range holds, multipart", ("Range", "bytes=0-9,-9"), ("If-Range", ETag)),
        // If-None-Match / If-Modified-Since
        Get("If-None-Match same", ("If-None-Match", ETag)),
        Get("If-None-Match weak", ("If-None-Match", "W/" + ETag)),
        Get("If-None-Match other", ("If-None-Match", "\"nope\"")),
        Get("If-None-Match star", ("If-None-Match", "*")),
        Get("If-None-Match in list", ("If-None-Match", "\"a\", " + ETag)),
        Get("If-None-Match beats Range", ("If-None-Match", ETag), ("Range", "bytes=0-0")),
        Get("If-None-Match other with Range", ("If-None-Match", "\"nope\""), ("Range", "bytes=0-0")),
        Get("If-Modified-Since exact", ("If-Modified-Since", LastModified)),
        Get("If-Modified-Since old", ("If-Modified-Since", Old)),
        Get("If-Modified-Since future", ("If-Modified-Since", Future)),
        Get("If-Modified-Since garbage", ("If-Modified-Since", "yesterday")),
        Get("If-None-Match and If-Modified-Since agree", ("If-None-Match", ETag), ("If-Modified-Since", LastModified)),
        // If-Match / If-Unmodified-Since
        Get("If-Match same", ("If-Match", ETag)),
        Get("If-Match other", ("If-Match", "\"nope\"")),
        Get("If-Match star", ("If-Match", "*")),
        Get("If-Match weak never matches", ("If-Match", "W/" + ETag)),
        Get("If-Match same with Range", ("If-Match", ETag), ("Range", "bytes=0-9")),
        Get("If-Unmodified-Since exact", ("If-Unmodified-Since", LastModified)),
        Get("If-Unmodified-Since old", ("If-Unmodified-Since", Old)),
        Get("If-Unmodified-Since future", ("If-Unmodified-Since", Future)),
        // HEAD mirrors GET's status and headers
        new("HEAD range", "HEAD", Sample, ("Range", "bytes=0-99")),
        new("HEAD multipart", "HEAD", Sample, ("Range", "bytes=0-0,-1")),
        new("HEAD malformed range", "HEAD", Sample, ("Range", "bytes=abc")),
        new("HEAD If-None-Match", "HEAD", Sample, ("If-None-Match", ETag)),
        new("HEAD If-Match other", "HEAD", Sample, ("If-Match", "\"nope\"")),
        // zero-length file: a range from 0 gets the (empty) whole file, anything else 416
        new("empty GET", "GET", Empty),
        new("empty from zero", "GET", Empty, ("Range", "bytes=0-")),
        new("empty first byte", "GET", Empty, ("Range", "bytes=0-0")),
        new("empty suffix", "GET", Empty, ("Range", "bytes=-5")),
        new("empty suffix zero", "GET", Empty, ("Range", "bytes=-0")),
        new("empty from one", "GET", Empty, ("Range", "bytes=1-")),
    ];

    private static DifferentialCase Get(string name, params (string Name, string Value)[] headers) => new(name, "GET", Sample, headers);

    private static DifferentialCase Range(string name, string range) => new(name, "GET", Sample, ("Range", range));
}
