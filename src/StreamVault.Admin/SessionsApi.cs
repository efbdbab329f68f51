using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Admin;

/// <summary>
/// The Telegram vault's sessions: GET /api/admin/sessions; POST /api/admin/sessions/bot { "token": "..." };
/// POST /api/admin/sessions/import { "text": "one string session a line" } or { "file": { "name": "w.session",
/// "content": "base64" } }; DELETE /api/admin/sessions/{id}. JSON only, so a cross-site form cannot post here (the
/// dashboard's upload form carries its antiforgery token). Answers never repeat a token or a session string.
/// </summary>
internal static class SessionsApi
{
    public sealed record BotBody(string? Token);

    public sealed record FileBody(string? Name, string? Content);

    public sealed record ImportBody(string? Text, FileBody? File);

    public sealed record SessionList(IReadOnlyList<SessionListing> Sessions);

    public sealed record ChangeView(string Source, string Result, string Detail, SessionListing? Session)
    {
        public static ChangeView Of(SessionChange change) => new(change.Source, change.Word, change.Detail, change.Session);
    }

    public sealed record ImportReport(int Added, int Duplicates, int Failed, IReadOnlyList<ChangeView> Results);

    public static RouteGroupBuilder MapSessionsApi(this RouteGroupBuilder admin)
    {
        var sessions = admin.MapGroup("/sessions");
        sessions.MapGet("/", IResult (IServiceProvider services) =>
            Admin(services) is { } sessionAdmin ? TypedResults.Ok(new SessionList(sessionAdmin.List())) : NoTelegramVault());

        sessions.MapPost("/bot", async Task<IResult> (BotBody? body, ClaimsPrincipal user, IServiceProvider services, CancellationToken ct) =>
        {
            if (Admin(services) is not { } sessionAdmin)
            {
                return NoTelegramVault();
            }

            var change = await sessionAdmin.AddBotAsync(body?.Token ?? string.Empty, AdminApi.Actor(user), ct);
            return change.Result switch
            {
                SessionChangeResult.Added => TypedResults.Created($"/api/admin/sessions/{change.Session!.Id}", ChangeView.Of(change)),
                SessionChangeResult.Duplicate => TypedResults.Ok(ChangeView.Of(change)),
                SessionChangeResult.Invalid => Problem(StatusCodes.Status400BadRequest, "Invalid token", change.Detail),
                _ => Problem(StatusCodes.Status422UnprocessableEntity, "Refused", change.Detail),
            };
        });

        sessions.MapPost("/import", async Task<IResult> (ImportBody? body, ClaimsPrincipal user, IServiceProvider services, CancellationToken ct) =>
        {
            if (Admin(services) is not { } sessionAdmin)
            {
                return NoTelegramVault();
            }

            var actor = AdminApi.Actor(user);
            IReadOnlyList<SessionChange> changes;
            if (body?.File is { } file)
            {
                if (string.IsNullOrWhiteSpace(file.Content) || !TryBase64(file.Content, out var bytes))
                {
                    return Problem(StatusCodes.Status400BadRequest, "Invalid file", "file.content must be the file's bytes in base64.");
                }

                changes = await sessionAdmin.ImportFileAsync(file.Name ?? "file", bytes, actor, ct);
            }
            else if (!string.IsNullOrWhiteSpace(body?.Text))
            {
                changes = await sessionAdmin.ImportTextAsync(body.Text, actor, ct);
            }
            else
            {
                return Problem(StatusCodes.Status400BadRequest, "Nothing to import", "Send { \"text\": \"...\" } with string sessions, one a line, or { \"file\": { \"name\", \"content\" } }.");
            }

            if (changes.All(c => c.Result == SessionChangeResult.Invalid))
            {
                return Problem(StatusCodes.Status400BadRequest, "No session in it", string.Join("; ", changes.Select(c => c.Line)));
            }

            return TypedResults.Ok(new ImportReport(
                changes.Count(c => c.Result == SessionChangeResult.Added),
                changes.Count(c => c.Result == SessionChangeResult.Duplicate),
                changes.Count(c => !c.Succeeded),
                [.. changes.Select(ChangeView.Of)]));
        });

        sessions.MapDelete("/{id}", async Task<IResult> (string id, ClaimsPrincipal user, IServiceProvider services, CancellationToken ct) =>
        {
            if (Admin(services) is not { } sessionAdmin)
            {
                return NoTelegramVault();
            }

            var change = await sessionAdmin.RemoveAsync(id, AdminApi.Actor(user), ct);
            return change.Result == SessionChangeResult.Removed
                ? Results.NoContent()
                : Problem(StatusCodes.Status404NotFound, "Not found", "No saved session has this id.");
        });
        return admin;
    }

    /// <summary>Registered only when the vault is Telegram's.</summary>
    private static ITelegramSessionAdmin? Admin(IServiceProvider services) => services.GetService<ITelegramSessionAdmin>();

    private static ProblemHttpResult NoTelegramVault() => Problem(StatusCodes.Status404NotFound, "No Telegram vault", TelegramSessions.NotTelegramVault);

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);

    private static bool TryBase64(string text, out byte[] bytes)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(text.Trim(), buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
