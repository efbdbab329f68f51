using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Catalog.Reports;
using StreamVault.Data;
using StreamVault.Data.Entities;

namespace StreamVault.Site.Tests.Infrastructure;

/// <summary>Abuse reports for the queue's tests, filed through the use case the Report form calls, and read back from
/// the catalogue.</summary>
internal static class SiteReports
{
    public static async Task<string> FileAsync(SiteApp site, string titleId, string details, string fromAddress, AbuseReason reason = AbuseReason.Copyright, string? contact = null)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AbuseReports>()
            .SubmitAsync(titleId, reason, details, contact, IPAddress.Parse(fromAddress), CancellationToken.None);
        Assert.True(result.Outcome == SubmitOutcome.Accepted, result.Message);
        return result.ReportId!;
    }

    public static async Task<List<AbuseReport>> OfTitleAsync(SiteApp site, string titleId)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().AbuseReports.AsNoTracking()
            .Where(r => r.Title!.PublicId == titleId).OrderBy(r => r.Id).ToListAsync();
    }

    public static async Task<string> FillerIdAsync(SiteApp site, int number)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var name = $"{SiteSeed.FillerPrefix} {number:00}";
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Titles.Where(t => t.Name == name).Select(t => t.PublicId).SingleAsync();
    }
}
