using StreamVault.Data.Entities;

namespace StreamVault.Catalog.Reports;

public enum SubmitOutcome
{
    Accepted,
    Folded,
    RateLimited,
    Invalid,
    NotFound,
    Gone,
}

public sealed record SubmitResult(SubmitOutcome Outcome, string Message, string? ReportId = null);

public enum DecisionOutcome
{
    Decided,
    NotFound,
    AlreadyDecided,
}

public sealed record DecisionResult(DecisionOutcome Outcome, string Message, int Closed = 0);

/// <summary>A report as admins see it: no requester key, the title by public id and name.</summary>
public sealed record AbuseReportView(
    string Id,
    string TitleId,
    string TitleName,
    AbuseReason Reason,
    string Details,
    string? Contact,
    DateTime CreatedAt,
    AbuseReportStatus Status,
    string? DecidedBy,
    DateTime? DecidedAt,
    string? DecisionNote);

public sealed record AbuseReportPage(IReadOnlyList<AbuseReportView> Reports, int Page, int PageSize, int Total);
