using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StreamVault.Data;
using StreamVault.Data.Entities;

namespace StreamVault.Catalog.Reports;

/// <summary>
/// Abuse reports: visitors file them against a title, admins take the title down or dismiss them. The requester is
/// known only by a keyed hash of their address, which is enough to rate-limit them (counted from the table, so the limit
/// holds across restarts and nodes) and to fold a repeated report into the first.
/// </summary>
public sealed partial class AbuseReports(
    CatalogDbContext db,
    TitleRemoval removal,
    IEnumerable<IAbuseReportNotifier> notifiers,
    IOptions<ReportsOptions> options,
    TimeProvider time,
    ILogger<AbuseReports> logger)
{
    public const int PageSize = 50;

    private const string RequesterSecret = "secret.report-requester";
    private static readonly TimeSpan RateWindow = TimeSpan.FromHours(1);
    private static readonly TimeSpan FoldWindow = TimeSpan.FromDays(1);

    public async Task<SubmitResult> SubmitAsync(string titlePublicId, AbuseReason reason, string? details, string? contact, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(reason))
        {
            return Invalid("Choose a reason: copyright, illegal, spam or other.");
        }

        if (Clean(details, AbuseReport.DetailsMaxLength, allowNewlines: true) is not { } text)
        {
            return Invalid($"Details must be at most {AbuseReport.DetailsMaxLength} characters, without control characters.");
        }

        if (reason == AbuseReason.Other && text.Length == 0)
        {
            return Invalid("Say what is wrong with this title.");
        }

        if (Clean(contact, AbuseReport.ContactMaxLength, allowNewlines: false) is not { } reply)
        {
            return Invalid($"Contact must be one line of at most {AbuseReport.ContactMaxLength} characters.");
        }

        var title = await db.Titles.AsNoTracking().Where(t => t.PublicId == titlePublicId)
            .Select(t => new { t.Id, t.Name, t.RemovedAt }).FirstOrDefaultAsync(cancellationToken);
        if (title is null)
        {
            return new SubmitResult(SubmitOutcome.NotFound, "There is no such title.");
        }

        if (title.RemovedAt is not null)
        {
            return new SubmitResult(SubmitOutcome.Gone, "This title has already been removed.");
        }

        var requester = await RequesterKeyAsync(clientAddress, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var sinceHour = now - RateWindow;
        var recent = await db.AbuseReports.CountAsync(r => r.RequesterKey == requester && r.CreatedAt > sinceHour, cancellationToken);
        if (recent >= options.Value.MaxPerHour)
        {
            return new SubmitResult(SubmitOutcome.RateLimited, "You have sent many reports in the last hour; please try again later.");
        }

        var sinceDay = now - FoldWindow;
        var earlier = await db.AbuseReports
            .Where(r => r.TitleId == title.Id && r.RequesterKey == requester && r.Status == AbuseReportStatus.Open && r.CreatedAt > sinceDay)
            .OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (earlier is not null)
        {
            if (text.Length > 0 && earlier.Details.Length + text.Length + 2 <= AbuseReport.DetailsMaxLength * 4)
            {
                earlier.Details = earlier.Details.Length == 0 ? text : earlier.Details + "\n\n" + text;
            }

            earlier.Contact ??= reply.Length > 0 ? reply : null;
            await db.SaveChangesAsync(cancellationToken);
            return new SubmitResult(SubmitOutcome.Folded, "You already reported this title; your details were added to that report.", earlier.PublicId);
        }

        var report = new AbuseReport
        {
            PublicId = PublicIds.New(),
            TitleId = title.Id,
            Reason = reason,
            Details = text,
            Contact = reply.Length > 0 ? reply : null,
            CreatedAt = now,
            RequesterKey = requester,
            Status = AbuseReportStatus.Open,
        };
        db.AbuseReports.Add(report);
        await db.SaveChangesAsync(cancellationToken);
        await NotifyAsync(View(report, titlePublicId, title.Name), cancellationToken);
        return new SubmitResult(SubmitOutcome.Accepted, "Thank you; an administrator will look at your report.", report.PublicId);
    }

    /// <summary>Newest first; <paramref name="status"/> null lists every status. Pages count from 1.</summary>
    public async Task<AbuseReportPage> ListAsync(AbuseReportStatus? status, int page, CancellationToken cancellationToken)
    {
        page = Math.Max(page, 1);
        var query = db.AbuseReports.AsNoTracking();
        if (status is { } wanted)
        {
            query = query.Where(r => r.Status == wanted);
        }

        var total = await query.CountAsync(cancellationToken);
        var reports = await Project(query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip((page - 1) * PageSize).Take(PageSize))
            .ToListAsync(cancellationToken);
        return new AbuseReportPage(reports, page, PageSize, total);
    }

    public Task<AbuseReportView?> FindAsync(string publicId, CancellationToken cancellationToken) =>
        Project(db.AbuseReports.AsNoTracking().Where(r => r.PublicId == publicId)).FirstOrDefaultAsync(cancellationToken);

    public Task<int> CountOpenAsync(CancellationToken cancellationToken) =>
        db.AbuseReports.CountAsync(r => r.Status == AbuseReportStatus.Open, cancellationToken);

    public async Task<DecisionResult> DismissAsync(string reportId, string actor, string? note, CancellationToken cancellationToken)
    {
        var (report, problem) = await OpenReportAsync(reportId, cancellationToken);
        if (report is null)
        {
            return problem!;
        }

        var decision = Clean(note, AbuseReport.DetailsMaxLength, allowNewlines: true) ?? "";
        var now = time.GetUtcNow().UtcDateTime;
        Decide(report, AbuseReportStatus.Dismissed, actor, decision, now);
        db.Audit.Add(new AuditEntry { At = now, Actor = actor, Action = "report.dismiss", Target = report.PublicId, Detail = Detail(report, decision) });
        await db.SaveChangesAsync(cancellationToken);
        return new DecisionResult(DecisionOutcome.Decided, $"Report {report.PublicId} dismissed.", 1);
    }

    /// <summary>Takes the reported title down with the kill switch and closes every open report of it.</summary>
    public async Task<DecisionResult> TakeDownAsync(string reportId, string actor, string? note, CancellationToken cancellationToken)
    {
        var (report, problem) = await OpenReportAsync(reportId, cancellationToken);
        if (report is null)
        {
            return problem!;
        }

        var decision = Clean(note, AbuseReport.DetailsMaxLength, allowNewlines: true) ?? "";
        var titlePublicId = report.Title!.PublicId;
        var reason = $"abuse report {report.PublicId} ({report.Reason})" + (decision.Length > 0 ? ": " + decision : "");
        var outcome = await removal.TakedownAsync(titlePublicId, actor, reason, cancellationToken);
        if (outcome.Report is null)
        {
            return new DecisionResult(DecisionOutcome.NotFound, outcome.Problem ?? "The reported title no longer exists.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var open = await db.AbuseReports.Where(r => r.TitleId == report.TitleId && r.Status == AbuseReportStatus.Open).ToListAsync(cancellationToken);
        foreach (var closed in open)
        {
            Decide(closed, AbuseReportStatus.TakenDown, actor, decision, now);
        }

        db.Audit.Add(new AuditEntry { At = now, Actor = actor, Action = "report.takedown", Target = report.PublicId, Detail = $"{Detail(report, decision)}; closed {open.Count} open report(s) of {titlePublicId}" });
        await db.SaveChangesAsync(cancellationToken);
        var failures = outcome.Report.Failures.Count == 0 ? "" : $" ({outcome.Report.Failures.Count} layer failure(s): run the takedown again to retry)";
        return new DecisionResult(DecisionOutcome.Decided, $"{report.Title.Name} taken down; {open.Count} open report(s) closed{failures}.", open.Count);
    }

    private async Task<(AbuseReport? Report, DecisionResult? Problem)> OpenReportAsync(string reportId, CancellationToken cancellationToken)
    {
        var report = await db.AbuseReports.Include(r => r.Title).FirstOrDefaultAsync(r => r.PublicId == reportId, cancellationToken);
        if (report is null)
        {
            return (null, new DecisionResult(DecisionOutcome.NotFound, $"No report has the id '{reportId}'."));
        }

        if (report.Status != AbuseReportStatus.Open)
        {
            var what = report.Status == AbuseReportStatus.TakenDown ? "taken down" : "dismissed";
            var at = report.DecidedAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            return (null, new DecisionResult(DecisionOutcome.AlreadyDecided, $"Report {report.PublicId} was already {what} by {report.DecidedBy} at {at}."));
        }

        return (report, null);
    }

    private static void Decide(AbuseReport report, AbuseReportStatus status, string actor, string note, DateTime now)
    {
        report.Status = status;
        report.DecidedBy = actor;
        report.DecidedAt = now;
        report.DecisionNote = note.Length > 0 ? note : null;
    }

    private static string Detail(AbuseReport report, string note) =>
        $"{report.Title?.PublicId} {report.Reason}" + (note.Length > 0 ? ": " + note : "");

    private async Task NotifyAsync(AbuseReportView report, CancellationToken cancellationToken)
    {
        foreach (var notifier in notifiers)
        {
            try
            {
                await notifier.NotifyAsync(report, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The report is stored; the dashboard shows it even when a notification channel is down.
                Log.NotifierFailed(logger, ex, notifier.GetType().Name, report.Id);
            }
        }
    }

    /// <summary>HMAC-SHA256 of the address with a stored server secret: the same requester gets the same key on every
    /// node, and the table never holds an address. An IPv6 client is keyed by its /64, which one subscriber owns.</summary>
    private async Task<string> RequesterKeyAsync(IPAddress? address, CancellationToken cancellationToken)
    {
        var secret = await StoredSecrets.LoadOrCreateAsync(db, RequesterSecret, cancellationToken);
        var bytes = address switch
        {
            null => [],
            { IsIPv4MappedToIPv6: true } => address.MapToIPv4().GetAddressBytes(),
            { AddressFamily: AddressFamily.InterNetworkV6 } => address.GetAddressBytes()[..8],
            _ => address.GetAddressBytes(),
        };
        return Convert.ToHexStringLower(HMACSHA256.HashData(secret, bytes));
    }

    /// <summary>Trimmed text; null when it is too long or holds control characters (newlines only where allowed).</summary>
    internal static string? Clean(string? value, int maxLength, bool allowNewlines)
    {
        var text = (value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length > maxLength)
        {
            return null;
        }

        foreach (var c in text)
        {
            // Bidirectional overrides are refused too: they make a note read differently on the dashboard than it was written.
            if ((char.IsControl(c) && !(allowNewlines && c == '\n')) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                return null;
            }
        }

        return text;
    }

    private static SubmitResult Invalid(string message) => new(SubmitOutcome.Invalid, message);

    private static IQueryable<AbuseReportView> Project(IQueryable<AbuseReport> reports) => reports.Select(r => new AbuseReportView(
        r.PublicId, r.Title!.PublicId, r.Title.Name, r.Reason, r.Details, r.Contact, r.CreatedAt, r.Status, r.DecidedBy, r.DecidedAt, r.DecisionNote));

    private static AbuseReportView View(AbuseReport r, string titlePublicId, string titleName) =>
        new(r.PublicId, titlePublicId, titleName, r.Reason, r.Details, r.Contact, r.CreatedAt, r.Status, r.DecidedBy, r.DecidedAt, r.DecisionNote);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Abuse report notifier {Notifier} failed for report {ReportId}")]
        public static partial void NotifierFailed(ILogger logger, Exception exception, string notifier, string reportId);
    }
}
