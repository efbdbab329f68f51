using System.Security.Cryptography;
using System.Text;
using StreamVault.Data.Entities;

namespace StreamVault.Server.Hosting;

/// <summary>Who may read /metrics (see <see cref="MetricsOptions"/>): whoever reaches the metrics listener, a scraper
/// with the bearer token, a signed-in admin. Nobody for being on loopback: behind nginx on the same host, everyone is.</summary>
internal static class MetricsAccess
{
    /// <summary>Null when the request may see the metrics, else the answer: 401 with a challenge when a token is
    /// configured (a scraper with a wrong one should say so in its logs), 404 otherwise (the endpoint does not exist for
    /// the public).</summary>
    public static IResult? Check(HttpContext http, MetricsOptions options)
    {
        if ((options.ListenPort is { } port && http.Connection.LocalPort == port) || http.User.IsInRole(nameof(UserRole.Admin)))
        {
            return null;
        }

        if (options.BearerToken is not { } token)
        {
            return TypedResults.NotFound();
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && SameSecret(header["Bearer ".Length..].Trim(), token))
        {
            return null;
        }

        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Token required", detail: "Send the metrics bearer token (StreamVault:Metrics:BearerToken).");
    }

    /// <summary>Listens on the metrics address too, and lets nothing but /metrics through it: the listener is meant for a
    /// scraper, not as a second door to the site. Kestrel listens on its configured addresses only while it has none
    /// added in code, so those are carried over first.</summary>
    public static void AddListener(WebApplication app, string listenUrl)
    {
        var addresses = app.Urls;
        if (addresses.Count == 0)
        {
            var configured = app.Configuration[WebHostDefaults.ServerUrlsKey] ?? "http://localhost:5000";
            foreach (var url in configured.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                addresses.Add(url);
            }
        }

        addresses.Add(listenUrl);
        var port = new Uri(listenUrl).Port;
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort == port && !context.Request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
    }

    /// <summary>Compares hashes in constant time, so neither the token's characters nor its length leak through timing.</summary>
    private static bool SameSecret(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
