using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using StreamVault.Catalog;
using StreamVault.Catalog.Import;
using StreamVault.Catalog.Jobs;
using StreamVault.Catalog.Leech;
using StreamVault.Catalog.Titles;
using StreamVault.Delivery.Policy;
using StreamVault.Site.Pages;
using StreamVault.Site.Pages.Dashboard;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Site.Dashboard;

/// <summary>
/// The web admin dashboard under /admin: server-rendered pages in the site's theme. Every route requires the admin role;
/// every form carries an antiforgery token; every action calls the use case the manager bot and the command line call
/// (TitleRemoval, TitleEditor, ChannelImportJobs, LeechService, IOperatorJobs, DeliveryAdmin, AbuseReports), so a rule lives once.
/// </summary>
public static class DashboardEndpoints
{
    // Dashboard forms are a few short fields; a larger body is not one of them.
    private const int MaxFormBytes = 64 * 1024;

    private const int MaxSessionUploadBytes = TelegramSessions.MaxImportFileBytes + MaxFormBytes;

    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddScoped<DashboardQueries>();
        services.AddSingleton<DashboardLinks>();
        services.AddSingleton<DashboardNotices>();
        return services;
    }

    public static RouteGroupBuilder MapDashboard(this RouteGroupBuilder pages)
    {
        var admin = pages.MapGroup("/admin").RequireAuthorization(Platform.Policies.Admin)
            .WithFormOptions(multipartBodyLengthLimit: MaxFormBytes, valueLengthLimit: MaxFormBytes, valueCountLimit: 64)
            .ExcludeFromDescription();
        admin.MapGet(string.Empty, Overview).WithName(DashboardRoutes.Overview);
        admin.MapGet("/titles", Titles).WithName(DashboardRoutes.Titles);
        admin.MapGet("/titles/{id}", Title).WithName(DashboardRoutes.Title);
        admin.MapPost("/titles/{id}", EditTitle);
        admin.MapPost("/titles/{id}/takedown", TakeDown).WithName(DashboardRoutes.TitleTakedown);
        admin.MapPost("/media/{id}/mirror", SetMirror).WithName(DashboardRoutes.Mirror);
        admin.MapGet("/jobs", Jobs).WithName(DashboardRoutes.Jobs);
        admin.MapPost("/jobs/import", StartImport).WithName(DashboardRoutes.StartImport);
        admin.MapPost("/jobs/leech", StartLeech).WithName(DashboardRoutes.StartLeech);
        admin.MapGet("/jobs/{id}", Job).WithName(DashboardRoutes.Job);
        admin.MapGet("/jobs/{id}/progress", JobProgress).WithName(DashboardRoutes.JobProgress);
        admin.MapPost("/jobs/{id}/cancel", CancelJob).WithName(DashboardRoutes.CancelJob);
        admin.MapGet("/swarm", Swarm).WithName(DashboardRoutes.Swarm);
        admin.MapGet("/delivery", Delivery).WithName(DashboardRoutes.Delivery);
        admin.MapPost("/delivery", SetDelivery);
        admin.MapGet("/audit", Audit).WithName(DashboardRoutes.Audit);
        admin.MapReportQueue();
        admin.MapGet("/sessions", Sessions).WithName(DashboardRoutes.Sessions);
        admin.MapPost("/sessions/bot", AddBotSession).WithName(DashboardRoutes.SessionBot);
        // A .session file is an SQLite database of a few dozen KiB; the upload may be up to the import's limit.
        admin.MapPost("/sessions/import", ImportSessions).WithName(DashboardRoutes.SessionImport)
            .WithFormOptions(multipartBodyLengthLimit: MaxSessionUploadBytes, valueLengthLimit: MaxFormBytes, valueCountLimit: 64);
        admin.MapPost("/sessions/{id}/remove", RemoveSession).WithName(DashboardRoutes.SessionRemove);
        return pages;
    }

    private static async Task<RazorComponentResult<OverviewPage>> Overview(HttpContext http, DashboardQueries queries, Catalog.Reports.AbuseReports reports, CancellationToken ct) =>
        Page<OverviewPage>(http, "Dashboard", "overview", await queries.OverviewAsync(ct) with { OpenReports = await reports.CountOpenAsync(ct) });

    private static async Task<RazorComponentResult<TitlesPage>> Titles(HttpContext http, DashboardQueries queries, string? q, string? state, string? page, CancellationToken ct)
    {
        var listState = state switch
        {
            "listed" => TitleListState.Listed,
            "removed" => TitleListState.TakenDown,
            _ => TitleListState.All,
        };
        var model = await queries.TitlesAsync(q, listState, PageNumber(page), ct);
        return Page<TitlesPage>(http, "Titles", "titles", model);
    }

    private static async Task<IResult> Title(HttpContext http, DashboardQueries queries, SiteLinks site, string id, CancellationToken ct) =>
        await TitlePageAsync(http, queries, site, id, notice: null, form: null, StatusCodes.Status200OK, ct);

    private static async Task<IResult> EditTitle(HttpContext http, IAntiforgery antiforgery, TitleEditor editor, DashboardQueries queries, SiteLinks site, string id, CancellationToken ct)
    {
        if (await SiteForms.ReadAsync(http, antiforgery) is not { } form)
        {
            return FormRefused(http);
        }

        var typed = new TitleEditForm(form.Text("name"), form.Text("year"), form["overview"].ToString());
        var result = await editor.EditAsync(id, new TitleEdit(typed.Name, typed.Year, typed.Overview), Platform.Policies.AdminActor(http.User), ct);
        return result.Outcome switch
        {
            TitleEditOutcome.NotFound => SiteEndpoints.NotFoundPage(http, "Title not found", "There is no title with this id."),
            TitleEditOutcome.Invalid => await TitlePageAsync(http, queries, site, id, new DashboardNotice(result.Message, IsError: true), typed, StatusCodes.Status400BadRequest, ct),
            TitleEditOutcome.Removed => await TitlePageAsync(http, queries, site, id, new DashboardNotice(result.Message, IsError: true), null, StatusCodes.Status409Conflict, ct),
            _ => await TitlePageAsync(http, queries, site, id, new DashboardNotice(result.Message), null, StatusCodes.Status200OK, ct),
        };
    }

    private static async Task<IResult> TakeDown(HttpContext http, IAntiforgery antiforgery, TitleRemoval removal, DashboardQueries queries, SiteLinks site, string id, CancellationToken ct)
    {
        if (await SiteForms.ReadAsync(http, antiforgery) is not { } form)
        {
            return FormRefused(http);
        }

        var reason = form.Text("reason");
        if (reason.Length == 0 || reason.Length > 500 || !form.IsConfirmed())
        {
            var problem = reason.Length is 0 or > 500 ? "Say why, in at most 500 characters: the reason is kept in the audit log." : SiteForms.UnconfirmedTakedown;
            return await TitlePageAsync(http, queries, site, id, new DashboardNotice(problem, IsError: true), null, StatusCodes.Status400BadRequest, ct);
        }

        // The title's public id is the target: the same kill switch as /takedown in the bot and `streamvault takedown`.
        var outcome = await removal.TakedownAsync(id, Platform.Policies.AdminActor(http.User), reason, ct);
        if (outcome.Report is not { } report)
        {
            return SiteEndpoints.NotFoundPage(http, "Title not found", outcome.Problem ?? "There is no title with this id.");
        }

        return Page<TakedownPage>(http, "Taken down: " + report.TitleName, "titles", report);
    }

    /// <summary>A file's mirror link (an empty address clears it); answers with its title's page.</summary>
    private static async Task<IResult> SetMirror(HttpContext http, IAntiforgery antiforgery, DeliveryAdmin delivery, DashboardQueries queries, SiteLinks site, string id, CancellationToken ct)
    {
        if (await SiteForms.ReadAsync(http, antiforgery) is not { } form)
        {
            return FormRefused(http);
        }

        if (await queries.TitleOfMediaAsync(id, ct) is not { } titleId)
        {
            return SiteEndpoints.NotFoundPage(http, "File not found", "There is no media file with this id.");
        }

        var url = form.Text("url");
        var actor = Platform.Policies.AdminActor(http.User);
        var result = url.Length == 0 ? await delivery.ClearMirrorAsync(id, actor, ct) : await delivery.SetMirrorAsync(id, url, actor, ct);
        var failed = result.Outcome != ChangeOutcome.Done;
        return await TitlePageAsync(http, queries, site, titleId, new DashboardNotice(result.Message, failed), null, failed ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK, ct);
    }

    private static RazorComponentResult<JobsPage> Jobs(HttpContext http, IOperatorJobs jobs) =>
        Page<JobsPage>(http, "Jobs", "jobs", new JobsModel(jobs.List()));

    private static async Task<IResult> StartImport(HttpContext http, IAntiforgery antiforgery, ChannelImportJobs imports, IOperatorJobs jobs, DashboardLinks links)
    {
        if (await SiteForms.ReadAsync(http, antiforgery) is not { } form)
        {
            return FormRefused(http);
        }

        var channel = form.Text("channel");
        var fromText = form.Text("from");
        int? fromId = null;
        if (fromText.Length > 0)
        {
            if (!int.TryParse(fromText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var from))
            {
                return JobsRefused(http, jobs, "from-id must be a message id of 1 or more.", channel, fromText, string.Empty);
            }

            fromId = from;
        }

        try
        {
            var job = imports.Start(channel, fromId, Platform.Policies.AdminActor(http.User));
            return TypedResults.Redirect(links.Job(job.Id));
        }
        catch (ChannelImportException ex)
        {
            return JobsRefused(http, jobs, ex.Message, channel, fromText, string.Empty);
        }
    }

    private static async Task<IResult> StartLeech(HttpContext http, IAntiforgery antiforgery, LeechService leech, IOperatorJobs jobs, DashboardLinks links)
    {
        if (await SiteForms.ReadAsync(http, antiforgery) is not { } form)
        {
            return FormRefused(http);
        }

        var url = form.Text("url");
        try
        {
            var job = leech.Start(url, Platform.Policies.AdminActor(http.User));
            return TypedResults.Redirect(links.Job(job.Id));
        }
        catch (LeechRefusedException ex)
        {
            return JobsRefused(http, jobs, ex.Message, string.Empty, string.Empty, url);
        }
    }

    private static IResult Job(HttpContext http, IOperatorJobs jobs, DashboardLinks links, string id) =>
        jobs.Find(id) is { } job
            ? Page<JobPage>(http, job.Description, "jobs", new JobModel(job, links.JobProgress(job.Id)))
            : SiteEndpoints.NotFoundPage(http, "Job not found", "There is no job with this id; finished jobs are kept until the server restarts.");

    /// <summary>What the job page's script polls while the job runs: its state, status line and fraction done.</summary>
    private static Results<Ok<JobProgressView>, NotFound> JobProgress(IOperatorJobs jobs, string id) =>
        jobs.Find(id) is { } job ? TypedResults.Ok(JobProgressView.Of(job)) : TypedResults.NotFound();

    private static async Task<IResult> CancelJob(HttpContext http, IAntiforgery antiforgery, IOperatorJobs jobs, DashboardLinks links, string id)
    {
        if (await SiteForms.ReadAsync(http, antiforgery) is null)
        {
            return FormRefused(http);
        }

        if (jobs.Find(id) is not { } job)
        {
            return SiteEndpoints.NotFoundPage(http, "Job not found", "There is no job with this id.");
        }

        var notice = jobs.Cancel(id) ? new DashboardNotice("Asked the job to stop; it ends at its next step.") : new DashboardNotice("This job has already ended.", IsError: true);
        return Page<JobPage>(http, job.Description, "jobs", new JobModel(jobs.Find(id) ?? job, links.JobProgress(id), notice));
    }

    private static RazorComponentResult<SwarmPage> Swarm(HttpContext http, DashboardQueries queries, TimeProvider time) =>
        Page<SwarmPage>(http, "Swarm", "swarm", new SwarmModel(queries.Swarms, queries.Cache, time.GetUtcNow()));

    private static async Task<RazorComponentResult<DeliveryPage>> Delivery(HttpContext http, DeliveryAdmin delivery, CancellationToken ct) =>
        Page<DeliveryPage>(http, "Delivery", "delivery", new DeliveryModel(await delivery.ListAsync(ct)));

    private static async Task<IResult> SetDelivery(HttpContext http, IAntiforgery antiforgery, DeliveryAdmin delivery, CancellationToken ct)
    {
        if (await SiteForms.ReadAsync(http, antiforgery) is not { } form)
        {
            return FormRefused(http);
        }

        var result = await delivery.SetPolicyAsync(form.Text("quality"), form.Text("mode"), Platform.Policies.AdminActor(http.User), ct);
        var page = Page<DeliveryPage>(http, "Delivery", "delivery", new DeliveryModel(await delivery.ListAsync(ct), new DashboardNotice(result.Message, result.Outcome == ChangeOutcome.Invalid)));
        page.StatusCode = result.Outcome == ChangeOutcome.Invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        return page;
    }

    private static async Task<RazorComponentResult<AuditPage>> Audit(HttpContext http, DashboardQueries queries, string? q, string? page, CancellationToken ct) =>
        Page<AuditPage>(http, "Audit log", "audit", await queries.AuditAsync(q, PageNumber(page), ct));

    private static RazorComponentResult<SessionsPage> Sessions(HttpContext http, IServiceProvider services) =>
        SessionsPageResult(http, services.GetService<ITelegramSessionAdmin>(), [], null, StatusCodes.Status200OK);

    private static async Task<IResult> AddBotSession(HttpContext http, IAntiforgery antiforgery, IServiceProvider services, CancellationToken ct)
    {
        if (await SiteForms.ReadAsync(http, antiforgery) is not { } form)
        {
            return FormRefused(http);
        }

        if (services.GetService<ITelegramSessionAdmin>() is not { } sessions)
        {
            return SessionsPageResult(http, null, [], null, StatusCodes.Status404NotFound);
        }

        // The token goes to Telegram and the encrypted session file only; the page answers with the outcome, never the token.
        var change = await sessions.AddBotAsync(form["token"].ToString(), Platform.Policies.AdminActor(http.User), ct);
        return SessionsPageResult(http, sessions, [change], null, Status([change]));
    }

    private static async Task<IResult> ImportSessions(HttpContext http, IAntiforgery antiforgery, IServiceProvider services, CancellationToken ct)
    {
        if (await SiteForms.ReadAsync(http, antiforgery) is not { } form)
        {
            return FormRefused(http);
        }

        if (services.GetService<ITelegramSessionAdmin>() is not { } sessions)
        {
            return SessionsPageResult(http, null, [], null, StatusCodes.Status404NotFound);
        }

        var actor = Platform.Policies.AdminActor(http.User);
        var text = form["text"].ToString();
        var changes = new List<SessionChange>();
        if (form.Files.GetFile("file") is { Length: > 0 } file)
        {
            if (file.Length > TelegramSessions.MaxImportFileBytes)
            {
                return SessionsPageResult(http, sessions, [], new DashboardNotice($"The file is larger than {TelegramSessions.MaxImportFileBytes / 1024} KiB; a .session file is a few dozen KiB.", IsError: true), StatusCodes.Status400BadRequest);
            }

            using var content = new MemoryStream((int)file.Length);
            await file.CopyToAsync(content, ct);
            changes.AddRange(await sessions.ImportFileAsync(file.FileName, content.ToArray(), actor, ct));
        }

        if (!string.IsNullOrWhiteSpace(text))
        {
            changes.AddRange(await sessions.ImportTextAsync(text, actor, ct));
        }

        if (changes.Count == 0)
        {
            return SessionsPageResult(http, sessions, [], new DashboardNotice("Paste a string session or choose a .session file.", IsError: true), StatusCodes.Status400BadRequest);
        }

        return SessionsPageResult(http, sessions, changes, null, Status(changes));
    }

    private static async Task<IResult> RemoveSession(HttpContext http, IAntiforgery antiforgery, IServiceProvider services, string id, CancellationToken ct)
    {
        if (await SiteForms.ReadAsync(http, antiforgery) is not { } form)
        {
            return FormRefused(http);
        }

        if (services.GetService<ITelegramSessionAdmin>() is not { } sessions)
        {
            return SessionsPageResult(http, null, [], null, StatusCodes.Status404NotFound);
        }

        if (form.Text("confirm") != "yes")
        {
            return SessionsPageResult(http, sessions, [], new DashboardNotice("Tick the box to confirm: the session's keys are deleted and it stops working for the vault.", IsError: true), StatusCodes.Status400BadRequest);
        }

        var change = await sessions.RemoveAsync(id, Platform.Policies.AdminActor(http.User), ct);
        return SessionsPageResult(http, sessions, [change], null, change.Result == SessionChangeResult.Removed ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);
    }

    /// <summary>200 when something worked (or was there already); 400 when all was refused or not a session.</summary>
    private static int Status(IReadOnlyList<SessionChange> changes) => changes.Any(c => c.Succeeded) ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;

    private static RazorComponentResult<SessionsPage> SessionsPageResult(HttpContext http, ITelegramSessionAdmin? sessions, IReadOnlyList<SessionChange> changes, DashboardNotice? notice, int status)
    {
        var results = changes.Select(c => new DashboardNotice(c.Line, IsError: !c.Succeeded)).ToList();
        var page = Page<SessionsPage>(http, "Sessions", "sessions", new SessionsModel(sessions?.List(), results, notice));
        page.StatusCode = status;
        return page;
    }

    private static async Task<IResult> TitlePageAsync(HttpContext http, DashboardQueries queries, SiteLinks site, string id, DashboardNotice? notice, TitleEditForm? form, int status, CancellationToken ct)
    {
        if (await queries.TitleAsync(id, site.Title(id, string.Empty), ct) is not { } model)
        {
            return SiteEndpoints.NotFoundPage(http, "Title not found", "There is no title with this id.");
        }

        var page = Page<TitleEditPage>(http, model.Title.Name, "titles", model with { Notice = notice, Form = form });
        page.StatusCode = status;
        return page;
    }

    private static RazorComponentResult<JobsPage> JobsRefused(HttpContext http, IOperatorJobs jobs, string message, string channel, string fromId, string url)
    {
        var page = Page<JobsPage>(http, "Jobs", "jobs", new JobsModel(jobs.List(), new DashboardNotice(message, IsError: true), channel, fromId, url));
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    internal static RazorComponentResult<ErrorPage> FormRefused(HttpContext http) =>
        SiteEndpoints.ErrorResult(http, new ErrorModel(StatusCodes.Status400BadRequest, "Not confirmed", "This form did not come from a page of this dashboard, or the page was open for too long. Open the page again and repeat the action."));

    internal static int PageNumber(string? page) => int.TryParse(page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0 ? number : 1;

    internal static RazorComponentResult<TComponent> Page<TComponent>(HttpContext http, string title, string section, object model)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        SiteEndpoints.Page<TComponent>(new { Chrome = SiteEndpoints.Chrome(http, title, section: "admin"), Section = section, Model = model });
}

/// <summary>A job's progress as the job page's script reads it.</summary>
public sealed record JobProgressView(string State, string Status, double? Fraction, bool Finished)
{
    public static JobProgressView Of(JobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.State.ToString(), job.Status, job.Fraction, job.IsFinished);
    }
}
