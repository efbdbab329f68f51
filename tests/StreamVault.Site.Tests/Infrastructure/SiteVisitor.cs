using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Accounts;
using StreamVault.Data;
using StreamVault.Data.Entities;

namespace StreamVault.Site.Tests.Infrastructure;

/// <summary>An HTTP client with its own cookies: signed in as an admin or a viewer through a real one-time link, and
/// able to post forms with the antiforgery token of the page they came from.</summary>
internal sealed partial class SiteVisitor : IDisposable
{
    private SiteVisitor(SiteApp site)
    {
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = site.BaseAddress };
    }

    public HttpClient Client { get; }

    public static SiteVisitor Anonymous(SiteApp site) => new(site);

    public static async Task<SiteVisitor> AdminAsync(SiteApp site)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var token = await scope.ServiceProvider.GetRequiredService<SignInLinks>().CreateAdminLinkTokenAsync(CancellationToken.None);
        return await SignInAsync(site, token);
    }

    public static async Task<SiteVisitor> ViewerAsync(SiteApp site, string name)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var user = await db.Users.FirstOrDefaultAsync(u => u.DisplayName == name);
        if (user is null)
        {
            user = new User { PublicId = Guid.NewGuid().ToString("N")[..12], DisplayName = name, Role = UserRole.Viewer, CreatedAt = DateTime.UtcNow };
            db.Users.Add(user);
            await db.SaveChangesAsync();
        }

        return await SignInAsync(site, await scope.ServiceProvider.GetRequiredService<SignInLinks>().CreateTokenAsync(user, CancellationToken.None));
    }

    /// <summary>Sends every request as if through a proxy on this host for <paramref name="address"/>: the server trusts
    /// loopback's X-Forwarded-For, so each test can be its own requester for the report rate limit.</summary>
    public SiteVisitor From(string address)
    {
        Client.DefaultRequestHeaders.Remove("X-Forwarded-For");
        Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return this;
    }

    public async Task<string> GetPageAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {path}: {(int)response.StatusCode}, expected {(int)expected}");
        return body;
    }

    /// <summary>Posts a form the way the page at <paramref name="pagePath"/> would: with its antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pagePath, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await GetPageAsync(pagePath);
        var token = TokenPattern().Match(page);
        Assert.True(token.Success, $"{pagePath} has no antiforgery token");
        return await Client.PostAsync(action, new FormUrlEncodedContent([new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)), .. fields]));
    }

    /// <summary>Posts a multipart form (with a file, when given) with the antiforgery token of <paramref name="pagePath"/>.</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(string pagePath, string action, IEnumerable<KeyValuePair<string, string>> fields, (string Field, string FileName, byte[] Content)? file = null)
    {
        var page = await GetPageAsync(pagePath);
        var token = TokenPattern().Match(page);
        Assert.True(token.Success, $"{pagePath} has no antiforgery token");
        using var form = new MultipartFormDataContent { { new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        if (file is { } upload)
        {
            form.Add(new ByteArrayContent(upload.Content), upload.Field, upload.FileName);
        }

        return await Client.PostAsync(action, form);
    }

    public void Dispose() => Client.Dispose();

    private static async Task<SiteVisitor> SignInAsync(SiteApp site, string token)
    {
        var visitor = new SiteVisitor(site);
        using var response = await visitor.Client.GetAsync(AccountRoutes.SignInPath(token));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return visitor;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
