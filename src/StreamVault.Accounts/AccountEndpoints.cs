using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace StreamVault.Accounts;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin/{token}", async (string token, HttpContext context, SignInLinks links, CancellationToken ct) =>
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
        }).ExcludeFromDescription();

        app.MapPost("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/");
        }).DisableAntiforgery().ExcludeFromDescription();

        app.MapGet("/api/me", (ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true
            ? Results.Ok(new { name = user.Identity.Name, role = user.FindFirstValue(ClaimTypes.Role) })
            : Results.Ok(new { name = (string?)null, role = "Guest" }));
        return app;
    }
}
