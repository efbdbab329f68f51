using System.Security.Claims;
using StreamVault.Catalog.Reports;
using StreamVault.Data.Entities;

namespace StreamVault.Admin;

/// <summary>Abuse reports for the dashboard: GET /api/admin/reports?status=open|taken-down|dismissed|all&amp;page=N, and
/// POST /api/admin/reports/{id}/dismiss or /takedown { "note": "..." }.</summary>
internal static class ReportsApi
{
    public sealed record DecisionBody(string? Note);

    public sealed record DecisionAnswer(string Message, int Closed);

    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder admin)
    {
        var reports = admin.MapGroup("/reports");
        reports.MapGet("/", async Task<IResult> (string? status, int? page, AbuseReports abuse, CancellationToken ct) =>
        {
            if (!TryParseStatus(status, out var wanted))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid status", detail: "status must be open, taken-down, dismissed or all.");
            }

            return TypedResults.Ok(await abuse.ListAsync(wanted, page ?? 1, ct));
        });
        reports.MapPost("/{id}/dismiss", async (string id, DecisionBody? body, ClaimsPrincipal user, AbuseReports abuse, CancellationToken ct) =>
            Answer(await abuse.DismissAsync(id, AdminApi.Actor(user), body?.Note, ct)));
        reports.MapPost("/{id}/takedown", async (string id, DecisionBody? body, ClaimsPrincipal user, AbuseReports abuse, CancellationToken ct) =>
            Answer(await abuse.TakeDownAsync(id, AdminApi.Actor(user), body?.Note, ct)));
        return admin;
    }

    private static bool TryParseStatus(string? status, out AbuseReportStatus? wanted)
    {
        wanted = null;
        switch (status?.ToLowerInvariant())
        {
            case null or "" or "open":
                wanted = AbuseReportStatus.Open;
                return true;
            case "taken-down":
                wanted = AbuseReportStatus.TakenDown;
                return true;
            case "dismissed":
                wanted = AbuseReportStatus.Dismissed;
                return true;
            case "all":
                return true;
            default:
                return false;
        }
    }

    private static IResult Answer(DecisionResult result) => result.Outcome switch
    {
        DecisionOutcome.Decided => TypedResults.Ok(new DecisionAnswer(result.Message, result.Closed)),
        DecisionOutcome.AlreadyDecided => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already decided", detail: result.Message),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: result.Message),
    };
}
