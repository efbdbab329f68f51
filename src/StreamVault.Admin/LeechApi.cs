using System.Security.Claims;
using StreamVault.Catalog.Leech;

namespace StreamVault.Admin;

/// <summary>POST /api/admin/leech { "url": "https://..." }: starts a leech job and answers 202 with its snapshot (its id
/// is what the jobs list, the bot's /jobs and /cancel know it by); a link that cannot be leeched is a 400.</summary>
internal static class LeechApi
{
    public sealed record LeechBody(string? Url);

    public static RouteGroupBuilder MapLeechApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/leech", IResult (LeechBody? body, ClaimsPrincipal user, LeechService leech) =>
        {
            try
            {
                return TypedResults.Accepted((string?)null, leech.Start(body?.Url ?? string.Empty, AdminApi.Actor(user)));
            }
            catch (LeechRefusedException ex)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid input", detail: ex.Message);
            }
        });
        return admin;
    }
}
