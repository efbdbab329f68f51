using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using StreamVault.Data.Entities;
using StreamVault.Server.Tests.Delivery;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Accounts;

/// <summary>Sign-out is a POST carrying the antiforgery token the layout's form holds, so another site cannot sign a
/// visitor out.</summary>
public sealed partial class SignOutTests
{
    [Fact]
    public async Task The_layout_form_carries_a_token_and_posting_it_signs_out()
    {
        await using var app = await TestApp.StartAsync();
        await DeliveryApiTests.SignInAsync(app, UserRole.Admin);

        var token = await FormTokenAsync(app);
        using var response = await app.Client.PostAsync("/signout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Guest", await RoleAsync(app));
    }

    [Fact]
    public async Task A_post_without_the_token_is_a_friendly_400_and_keeps_the_session()
    {
        await using var app = await TestApp.StartAsync();
        await DeliveryApiTests.SignInAsync(app, UserRole.Admin);
        await FormTokenAsync(app); // the antiforgery cookie exists; only the form field is missing

        using var response = await app.Client.PostAsync("/signout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Sign out again from the page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Admin", await RoleAsync(app));
    }

    [Fact]
    public async Task Get_signout_does_not_sign_out()
    {
        await using var app = await TestApp.StartAsync();
        await DeliveryApiTests.SignInAsync(app, UserRole.Admin);

        using var response = await app.Client.GetAsync("/signout");

        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Admin", await RoleAsync(app));
    }

    private static async Task<string> FormTokenAsync(TestApp app)
    {
        var html = await app.Client.GetStringAsync("/");
        var form = FormPattern().Match(html);
        Assert.True(form.Success, "no sign-out form in the layout");
        var token = TokenPattern().Match(form.Value);
        Assert.True(token.Success, "the sign-out form has no antiforgery token: " + form.Value);
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    private static async Task<string?> RoleAsync(TestApp app)
    {
        using var me = JsonDocument.Parse(await app.Client.GetStringAsync("/api/me"));
        return me.RootElement.GetProperty("role").GetString();
    }

    [GeneratedRegex("<form[^>]*action=\"/signout\"[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
