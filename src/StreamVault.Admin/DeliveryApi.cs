using System.Security.Claims;
using StreamVault.Delivery.Policy;

namespace StreamVault.Admin;

/// <summary>
/// Delivery policy per quality and mirror links per media file:
/// GET /api/admin/delivery-policy, PUT /api/admin/delivery-policy/{quality} { "mode": "download-only" },
/// PUT /api/admin/media/{id}/mirror { "url": "https://..." }, DELETE /api/admin/media/{id}/mirror.
/// </summary>
internal static class DeliveryApi
{
    public sealed record PolicyEntry(string Quality, string Mode);

    public sealed record PolicyReport(IReadOnlyList<PolicyEntry> Policies, IReadOnlyList<string> Modes);

    public sealed record ModeBody(string? Mode);

    public sealed record MirrorBody(string? Url);

    public static RouteGroupBuilder MapDeliveryApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/delivery-policy", async (DeliveryAdmin delivery, CancellationToken ct) =>
            TypedResults.Ok(new PolicyReport(
                (await delivery.ListAsync(ct)).Select(p => new PolicyEntry(p.Quality.Name(), p.Mode.Name())).ToList(),
                Enum.GetValues<DeliveryMode>().Select(m => m.Name()).ToList())));

        admin.MapPut("/delivery-policy/{quality}", async (string quality, ModeBody? body, ClaimsPrincipal user, DeliveryAdmin delivery, CancellationToken ct) =>
            Answer(await delivery.SetPolicyAsync(quality, body?.Mode, Actor(user), ct)));

        admin.MapPut("/media/{mediaId}/mirror", async (string mediaId, MirrorBody? body, ClaimsPrincipal user, DeliveryAdmin delivery, CancellationToken ct) =>
            Answer(await delivery.SetMirrorAsync(mediaId, body?.Url, Actor(user), ct)));

        admin.MapDelete("/media/{mediaId}/mirror", async (string mediaId, ClaimsPrincipal user, DeliveryAdmin delivery, CancellationToken ct) =>
            Answer(await delivery.ClearMirrorAsync(mediaId, Actor(user), ct)));
        return admin;
    }

    private static IResult Answer(ChangeResult result) => result.Outcome switch
    {
        ChangeOutcome.Done => Results.NoContent(),
        ChangeOutcome.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: result.Message),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid input", detail: result.Message),
    };

    internal static string Actor(ClaimsPrincipal user) => "admin:" + (user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.Identity?.Name ?? "unknown");
}
