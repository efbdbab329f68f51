using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Accounts;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Hosting;

/// <summary>Forwarded headers count only from trusted proxies: by default a proxy on this host (the tests' client is on
/// loopback, so it stands in for a same-host nginx).</summary>
public sealed class ProxyTests
{
    [Fact]
    public async Task Https_forwarded_by_a_loopback_proxy_makes_the_sign_in_cookie_secure()
    {
        await using var app = await TestApp.StartAsync();

        var cookie = await SignInCookieAsync(app, forwardedProto: "https");

        Assert.StartsWith(AccountsModule.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Plain_http_gets_a_cookie_without_secure()
    {
        await using var app = await TestApp.StartAsync();

        var cookie = await SignInCookieAsync(app, forwardedProto: null);

        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_untrusted_address_are_ignored()
    {
        // Only 10.9.8.7 is trusted now, so the loopback client is just a client that claims https.
        await using var app = await TestApp.StartAsync(s => s["StreamVault:Proxy:KnownProxies:0"] = "10.9.8.7");

        var cookie = await SignInCookieAsync(app, forwardedProto: "https");

        Assert.StartsWith(AccountsModule.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_proxy_setting_that_is_not_an_address_stops_the_start_with_the_setting_named()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(s => s["StreamVault:Proxy:KnownNetworks:0"] = "10.0.0.0/99"));

        Assert.Contains("StreamVault:Proxy:KnownNetworks", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> SignInCookieAsync(TestApp app, string? forwardedProto)
    {
        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            token = await scope.ServiceProvider.GetRequiredService<SignInLinks>().CreateAdminLinkTokenAsync(CancellationToken.None);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/signin/{token}");
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        }

        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.Client.BaseAddress };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AccountsModule.CookieName + "=", StringComparison.Ordinal));
    }
}
