using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StreamVault.Data.Entities;
using StreamVault.Platform;

namespace StreamVault.Accounts;

/// <summary>The accounts module: one-time sign-in links, the sign-in cookie and the admin policy every admin route
/// requires.</summary>
public static class AccountsModule
{
    public const string CookieName = "sv_auth";

    /// <summary>Our own name rather than ".AspNetCore.Antiforgery.…": the framework is nobody's business (white label).</summary>
    public const string AntiforgeryCookieName = "sv_af";

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<SignInLinks>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                // Secure whenever the original request was https; behind a proxy that is what the forwarded headers
                // from a trusted proxy say (the host applies them before authentication).
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = AccountRoutes.SignInHelpPath;
                cookie.AccessDeniedPath = AccountRoutes.AccessDeniedPath;
                cookie.SlidingExpiration = true;
                cookie.ExpireTimeSpan = TimeSpan.FromDays(30);
                // APIs answer with status codes (and problem details), people get the sign-in page.
                cookie.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
            });
        // Sign-out (and any later form that changes state) carries an antiforgery token, so another site cannot post it.
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = AntiforgeryCookieName);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(nameof(UserRole.Admin)));
        return services;
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
