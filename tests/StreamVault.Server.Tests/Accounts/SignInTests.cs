using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StreamVault.Accounts;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Accounts;

public sealed class SignInTests
{
    [Fact]
    public async Task The_admin_link_signs_in_once_with_the_admin_role()
    {
        await using var app = await TestApp.StartAsync();
        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            token = await scope.ServiceProvider.GetRequiredService<SignInLinks>().CreateAdminLinkTokenAsync(CancellationToken.None);
        }

        using var first = await app.Client.GetAsync($"/signin/{token}");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        using var me = JsonDocument.Parse(await app.Client.GetStringAsync("/api/me"));
        Assert.Equal("Admin", me.RootElement.GetProperty("role").GetString());

        using var anonymous = new HttpClient { BaseAddress = app.Client.BaseAddress };
        using var reused = await anonymous.GetAsync($"/signin/{token}");
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("already used or has expired", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_admin_link_does_not_sign_in()
    {
        await using var app = await TestApp.StartAsync();
        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            token = await scope.ServiceProvider.GetRequiredService<SignInLinks>().CreateAdminLinkTokenAsync(CancellationToken.None);
        }

        app.Time.Advance(SignInLinks.Lifetime + TimeSpan.FromMinutes(1));
        using var response = await app.Client.GetAsync($"/signin/{token}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var me = JsonDocument.Parse(await app.Client.GetStringAsync("/api/me"));
        Assert.Equal("Guest", me.RootElement.GetProperty("role").GetString());
    }
}
