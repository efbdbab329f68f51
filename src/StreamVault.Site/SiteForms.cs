using Microsoft.AspNetCore.Antiforgery;

namespace StreamVault.Site;

/// <summary>
/// Reads a page's form after checking its antiforgery token: the dashboard's actions and the public Report form. Checked
/// here rather than by the antiforgery middleware (which only guards form-bound parameters) so every action is covered
/// the same way, and a stale or forged post gets a page that says what to do instead of a bare 400.
/// </summary>
internal static class SiteForms
{
    /// <summary>What a takedown's confirmation box says when it was not ticked.</summary>
    public const string UnconfirmedTakedown = "Tick the box to confirm: a takedown cannot be undone.";

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
            // A malformed or oversized body is no more a real form than a missing token.
            return null;
        }
    }

    public static string Text(this IFormCollection form, string name) => form[name].ToString().Trim();

    /// <summary>The "I understand this cannot be undone" box of a takedown form.</summary>
    public static bool IsConfirmed(this IFormCollection form) => form.Text("confirm") == "yes";
}
