namespace StreamVault.Data.Entities;

public enum AbuseReason
{
    Copyright,
    Illegal,
    Spam,
    Other,
}

public enum AbuseReportStatus
{
    Open,
    TakenDown,
    Dismissed,
}

/// <summary>A visitor's complaint about a title, waiting for an admin to take the title down or dismiss it.</summary>
public sealed class AbuseReport
{
    public const int DetailsMaxLength = 2000;
    public const int ContactMaxLength = 200;

    public long Id { get; set; }

    /// <summary>Opaque id used in URLs; never the database id.</summary>
    public required string PublicId { get; set; }

    public long TitleId { get; set; }

    public Title? Title { get; set; }

    public AbuseReason Reason { get; set; }

    public required string Details { get; set; }

    public string? Contact { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Keyed hash of the reporter's address: lets the rate limit count one requester without keeping the IP.</summary>
    public required string RequesterKey { get; set; }

    public AbuseReportStatus Status { get; set; }

    public string? DecidedBy { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? DecisionNote { get; set; }
}
