using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using StreamVault.Catalog.Import;
using StreamVault.Catalog.Jobs;

namespace StreamVault.Admin;

/// <summary>
/// POST /api/admin/imports { "channel": "@name" | "https://t.me/name", "fromId": 1 }: starts a channel import as an
/// operator job and answers 202 with the job (watch it at GET /api/admin/jobs/{id}, cancel with DELETE).
/// </summary>
internal static class ImportApi
{
    public sealed record ImportBody(string? Channel, int? FromId);

    public static RouteGroupBuilder MapImportApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/imports", Results<Accepted<JobSnapshot>, ProblemHttpResult> (ImportBody? body, ClaimsPrincipal user, ChannelImportJobs imports) =>
        {
            try
            {
                var job = imports.Start(body?.Channel ?? "", body?.FromId, AdminApi.Actor(user));
                return TypedResults.Accepted($"/api/admin/jobs/{job.Id}", job);
            }
            catch (ChannelImportException ex)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid input", detail: ex.Message);
            }
        });

        admin.MapGet("/jobs/{id}", Results<Ok<JobSnapshot>, NotFound> (string id, IOperatorJobs jobs) =>
            jobs.Find(id) is { } job ? TypedResults.Ok(job) : TypedResults.NotFound());

        admin.MapDelete("/jobs/{id}", Results<Accepted, ProblemHttpResult> (string id, IOperatorJobs jobs) =>
            jobs.Cancel(id) ? TypedResults.Accepted((string?)null) : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No running job has this id."));
        return admin;
    }
}
