using System.Net;
using System.Text;
using StreamVault.Data.Entities;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Delivery;

public sealed class ContentTypeTests
{
    [Fact]
    public async Task A_json_endpoint_given_text_plain_answers_415_problem_json()
    {
        await using var app = await TestApp.StartAsync();
        await DeliveryApiTests.SignInAsync(app, UserRole.Admin);

        using var response = await app.Client.PutAsync("/api/admin/delivery-policy/2160p", new StringContent("{\"mode\":\"download-only\"}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Unknown_api_paths_stay_404_problem_json_and_unknown_pages_the_friendly_page()
    {
        await using var app = await TestApp.StartAsync();

        using var api = await app.Client.GetAsync("/api/no-such-thing");
        using var page = await app.Client.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
    }
}
