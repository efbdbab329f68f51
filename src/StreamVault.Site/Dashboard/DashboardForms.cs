using Microsoft.AspNetCore.Antiforgery;

namespace StreamVault.Site.Dashboard;

/// <summary>
/// Reads a dashboard form after checking its antiforgery token. Checked here rather than by the antiforgery middleware
/// (which only guards form-bound parameters) so every action is covered the same way, and a stale or forged post gets a
/// page that says what to do instead of a bare 400.
/// </summary>
internal static class DashboardForms
{
    public static async Task<IFormCollection?> ReadAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!http.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            await antiforgery.ValidateRequestAsync(http);
            return await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (AntiforgeryValidationException)
        {
            return null;
        }
        catch (InvalidDataException)
        {
            // A malformed or oversized body is no more an admin action than a missing token.
            return null;
        }
    }

    public static string Text(this IFormCollection form, string name) => form[name].ToString().Trim();
}
