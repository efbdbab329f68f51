using System.Security.Claims;
using StreamVault.Catalog;

namespace StreamVault.Admin;

/// <summary>POST /api/admin/takedown { "target": "id, link or name", "reason": "..." }: the kill switch; answers the
/// report of what each layer removed, 400 with the candidates for an ambiguous name, 404 for an unknown target.</summary>
internal static class TakedownApi
{
    public sealed record TakedownBody(string? Target, string? Reason);

    public static RouteGroupBuilder MapTakedownApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/takedown", async Task<IResult> (TakedownBody? body, ClaimsPrincipal user, TitleRemoval removal, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body?.Target) || string.IsNullOrWhiteSpace(body.Reason))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid input", detail: "Send the title as \"target\" (id, link or name) and why as \"reason\".");
            }

            var outcome = await removal.TakedownAsync(body.Target, AdminApi.Actor(user), body.Reason.Trim(), ct);
            if (outcome.Report is { } report)
            {
                return TypedResults.Ok(report);
            }

            return outcome.Candidates.Count > 0
                ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Ambiguous title", detail: outcome.Problem, extensions: new Dictionary<string, object?> { ["candidates"] = outcome.Candidates })
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: outcome.Problem);
        });
        return admin;
    }
}
