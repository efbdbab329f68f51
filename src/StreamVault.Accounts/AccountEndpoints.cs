using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace StreamVault.Accounts;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapGet(AccountRoutes.SignInTemplate, async (string token, HttpContext context, SignInLinks links, CancellationToken ct) =>
        {
            var user = await links.RedeemAsync(token, ct);
            if (user is null)
            {
                return Results.Content(
                    SimplePage.Render("Sign-in link not valid", "This sign-in link was already used or has expired. Run <code>streamvault admin-link</code> on the server for a new one."),
                    "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }

            var identity = new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.NameIdentifier, user.PublicId),
                    new Claim(ClaimTypes.Name, user.DisplayName),
                    new Claim(ClaimTypes.Role, user.Role.ToString()),
                ],
                CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Redirect("/");
        }).WithName(AccountRoutes.SignIn).ExcludeFromDescription();

        // POST only, with the token the layout's sign-out form carries. Checked here rather than by the antiforgery
        // middleware so a stale or forged request gets a page that says what to do instead of a bare 400.
        app.MapPost("/signout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await IsValidFormAsync(context, antiforgery))
            {
                return Results.Content(
                    SimplePage.Render("Sign-out not confirmed", "This sign-out request did not come from a page of this site, or the page was open for too long. Sign out again from the page."),
                    "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/");
        }).WithName(AccountRoutes.SignOut).ExcludeFromDescription();

        app.MapGet("/api/me", (ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true
            ? Results.Ok(new { name = user.Identity.Name, role = user.FindFirstValue(ClaimTypes.Role) })
            : Results.Ok(new { name = (string?)null, role = "Guest" }));
        return app;
    }

    private static async Task<bool> IsValidFormAsync(HttpContext context, IAntiforgery antiforgery)
    {
        try
        {
            return context.Request.HasFormContentType && await antiforgery.IsRequestValidAsync(context);
        }
        catch (InvalidDataException)
        {
            // A malformed form body is no more a sign-out than a missing token.
            return false;
        }
    }
}
