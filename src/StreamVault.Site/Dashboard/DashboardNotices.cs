using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace StreamVault.Site.Dashboard;

/// <summary>
/// Carries the notice of an action across the redirect that follows it (post, redirect, get: reloading the page does not
/// repeat the action). The notice travels in the address, sealed with the data-protection keys and valid for minutes, so
/// a crafted link cannot put words of its author on an admin's dashboard.
/// </summary>
internal sealed class DashboardNotices(IDataProtectionProvider protection)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector("StreamVault.Site.Dashboard.Notice").ToTimeLimitedDataProtector();

    public string Seal(DashboardNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return protector.Protect((notice.IsError ? "!" : "=") + notice.Text, Lifetime);
    }

    /// <summary>The notice sealed in <paramref name="sealedNotice"/>; null when there is none, or it was altered or expired.</summary>
    public DashboardNotice? Open(string? sealedNotice)
    {
        if (string.IsNullOrEmpty(sealedNotice))
        {
            return null;
        }

        try
        {
            var text = protector.Unprotect(sealedNotice);
            return text.Length < 1 ? null : new DashboardNotice(text[1..], IsError: text[0] == '!');
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
