using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using StreamVault.Catalog;
using StreamVault.Core.Catalog;
using StreamVault.Data;
using StreamVault.Data.Entities;

namespace StreamVault.Delivery.Policy;

/// <summary>What an admin change came to: done, bad input (with the message to show), or no such media file.</summary>
public enum ChangeOutcome
{
    Done,
    Invalid,
    NotFound,
}

public sealed record ChangeResult(ChangeOutcome Outcome, string Message);

/// <summary>Admin changes to delivery, shared by the admin API and the command line; each change is audited.</summary>
public sealed class DeliveryAdmin(CatalogDbContext db, DeliveryPolicies policies, MediaLookupCache lookups, TimeProvider time)
{
    public async Task<IReadOnlyList<(QualityBucket Quality, DeliveryMode Mode)>> ListAsync(CancellationToken cancellationToken)
    {
        var policy = await DeliveryPolicies.ReadAsync(db, cancellationToken);
        return DeliveryNames.AllQualities.Select(q => (q, policy.ModeOf(q))).ToList();
    }

    public async Task<ChangeResult> SetPolicyAsync(string? qualityText, string? modeText, string actor, CancellationToken cancellationToken)
    {
        if (!DeliveryNames.TryParseQuality(qualityText, out var quality))
        {
            return new(ChangeOutcome.Invalid, $"Unknown quality '{qualityText}'. Use one of: {DeliveryNames.QualityNames}.");
        }

        if (!DeliveryNames.TryParseMode(modeText, out var mode))
        {
            return new(ChangeOutcome.Invalid, $"Unknown mode '{modeText}'. Use one of: {DeliveryNames.ModeNames}.");
        }

        var key = DeliveryPolicy.SettingKey(quality);
        var setting = await db.Settings.FindAsync([key], cancellationToken);
        if (setting is null)
        {
            db.Settings.Add(new AppSetting { Key = key, Value = mode.Name() });
        }
        else
        {
            setting.Value = mode.Name();
        }

        Audit(actor, "delivery.policy", quality.Name(), mode.Name());
        await db.SaveChangesAsync(cancellationToken);
        policies.Invalidate();
        return new(ChangeOutcome.Done, $"{quality.Name()} is now {mode.Name()}.");
    }

    [SuppressMessage("Design", "CA1054:URI-like parameters should not be strings", Justification = "The admin's input as typed: MirrorUrlRule checks it and answers with a message a person can act on, which a Uri parameter would turn into a parse exception.")]
    public async Task<ChangeResult> SetMirrorAsync(string mediaPublicId, string? url, string actor, CancellationToken cancellationToken)
    {
        if (MirrorUrlRule.Problem(url) is { } problem)
        {
            return new(ChangeOutcome.Invalid, problem);
        }

        return await ChangeMirrorAsync(mediaPublicId, url, actor, cancellationToken);
    }

    public Task<ChangeResult> ClearMirrorAsync(string mediaPublicId, string actor, CancellationToken cancellationToken) =>
        ChangeMirrorAsync(mediaPublicId, null, actor, cancellationToken);

    private async Task<ChangeResult> ChangeMirrorAsync(string mediaPublicId, string? url, string actor, CancellationToken cancellationToken)
    {
        var file = await db.MediaFiles.FirstOrDefaultAsync(m => m.PublicId == mediaPublicId && m.RemovedAt == null, cancellationToken);
        if (file is null)
        {
            return new(ChangeOutcome.NotFound, $"No media file has the id '{mediaPublicId}'.");
        }

        file.MirrorUrl = url;
        Audit(actor, url is null ? "media.mirror.clear" : "media.mirror.set", file.PublicId, url);
        await db.SaveChangesAsync(cancellationToken);
        lookups.Forget(file.PublicId); // the byte endpoints see the mirror (and stop offering the download) at once
        return new(ChangeOutcome.Done, url is null ? $"Mirror of {file.PublicId} cleared." : $"Mirror of {file.PublicId} set.");
    }

    private void Audit(string actor, string action, string target, string? detail) =>
        db.Audit.Add(new AuditEntry { At = time.GetUtcNow().UtcDateTime, Actor = actor, Action = action, Target = target, Detail = detail });
}
