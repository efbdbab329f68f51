using StreamVault.Catalog;
using StreamVault.Catalog.Jobs;
using StreamVault.Core.Catalog;
using StreamVault.Delivery.Policy;
using StreamVault.Vaults.Caching;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Site.Dashboard;

// View models of the admin dashboard's pages. Ids are public ids; nothing here names a vault locator or a Telegram id.
#pragma warning disable CA1054, CA1056

/// <summary>A notice at the top of a page after an action: what happened, and whether it went wrong.</summary>
public sealed record DashboardNotice(string Text, bool IsError = false);

public sealed record OverviewModel(
    CatalogFigures Catalogue,
    int ViewersNow,
    SliceCacheStats? Cache,
    IReadOnlyList<SwarmSnapshot> Swarms,
    IReadOnlyList<JobSnapshot> Jobs,
    IReadOnlyList<AuditRow> RecentAudit,
    int OpenReports = 0);

public enum TitleListState
{
    All,
    Listed,
    TakenDown,
}

public sealed record TitleRow(string PublicId, string Name, int? Year, TitleKind Kind, int Files, long Bytes, QualityBucket? BestQuality, DateTime Added, DateTime? RemovedAt, string? RemovalReason)
{
    public bool IsRemoved => RemovedAt is not null;
}

public sealed record TitleListModel(string Query, TitleListState State, int Page, int PageCount, int Total, IReadOnlyList<TitleRow> Titles);

public sealed record TitleFileRow(string PublicId, string OriginalName, QualityBucket Quality, string? Episode, long Size, string Container, string? VideoCodec, DateTime Added, DateTime? RemovedAt, string? MirrorUrl);

public sealed record TitleEditModel(TitleRow Title, string? Overview, string Slug, IReadOnlyList<TitleFileRow> Files, string PublicUrl, DashboardNotice? Notice = null, TitleEditForm? Form = null);

/// <summary>What the edit form shows: the stored values, or what the admin typed when it was refused.</summary>
public sealed record TitleEditForm(string Name, string Year, string Overview);

public sealed record JobsModel(IReadOnlyList<JobSnapshot> Jobs, DashboardNotice? Notice = null, string Channel = "", string FromId = "", string LeechUrl = "");

public sealed record JobModel(JobSnapshot Job, string ProgressUrl, DashboardNotice? Notice = null);

public sealed record SwarmModel(IReadOnlyList<SwarmSnapshot> Swarms, SliceCacheStats? Cache, DateTimeOffset Now);

public sealed record DeliveryModel(IReadOnlyList<(QualityBucket Quality, DeliveryMode Mode)> Policy, DashboardNotice? Notice = null);

/// <summary>The sessions page: null <paramref name="Sessions"/> when the vault is not Telegram's. <paramref name="Results"/>
/// holds one notice per session of the last add or import.</summary>
public sealed record SessionsModel(IReadOnlyList<Vaults.Telegram.SessionListing>? Sessions, IReadOnlyList<DashboardNotice> Results, DashboardNotice? Notice = null);

public sealed record AuditRow(DateTime At, string Actor, string Action, string Target, string? Detail);

public sealed record AuditModel(string Query, int Page, int PageCount, IReadOnlyList<AuditRow> Entries);
