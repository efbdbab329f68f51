using System.Net;

namespace StreamVault.Web.Ranges.Tests;

/// <summary>
/// Sends each <see cref="DifferentialCases"/> request to nginx and to StreamVault and requires the same
/// status, Content-Range, Content-Length and body bytes (multipart compared part by part, because the
/// boundary is random; our boundary has nginx's 20-character length, so Content-Length matches exactly).
/// Where nginx answers 412/416 it sends its HTML error page; there only status and Content-Range are compared.
/// </summary>
public sealed class NginxDifferentialTests(DifferentialFixture fixture) : IClassFixture<DifferentialFixture>
{
    public static TheoryData<string> CaseNames => [.. DifferentialCases.All.Select(c => c.Name)];

    [Fact]
    public void There_are_at_least_40_distinct_cases()
    {
        Assert.True(DifferentialCases.All.Count >= 40, $"only {DifferentialCases.All.Count} cases");
        Assert.Equal(DifferentialCases.All.Count, DifferentialCases.All.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public async Task Validators_are_the_ones_nginx_computes()
    {
        using var nginx = await SendAsync(fixture.Nginx.BaseAddress, new("validators", "HEAD", DifferentialFixture.SampleName));
        Assert.Equal(DifferentialCases.ETag, nginx.Headers.ETag?.ToString());
        Assert.Equal(DifferentialCases.LastModified, Header(nginx, "Last-Modified"));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Same_answer_as_nginx(string name)
    {
        var testCase = DifferentialCases.All.Single(c => c.Name == name);
        using var expected = await SendAsync(fixture.Nginx.BaseAddress, testCase);
        using var actual = await SendAsync(fixture.App.BaseAddress, testCase);

        var status = (int)expected.StatusCode;
        Assert.Equal(status, (int)actual.StatusCode);
        Assert.Equal(Header(expected, "Content-Range"), Header(actual, "Content-Range"));
        Assert.Equal(Header(expected, "ETag"), Header(actual, "ETag"));
        Assert.Equal(Header(expected, "Last-Modified"), Header(actual, "Last-Modified"));

        if (status is 412 or 416)
        {
            // nginx's body here is its error page; ours is empty.
            Assert.Equal("0", Header(actual, "Content-Length"));
            return;
        }

        Assert.Equal(Header(expected, "Content-Length"), Header(actual, "Content-Length"));
        var expectedBody = await expected.Content.ReadAsByteArrayAsync();
        var actualBody = await actual.Content.ReadAsByteArrayAsync();
        var expectedType = Header(expected, "Content-Type");
        var actualType = Header(actual, "Content-Type");

        if (expectedType?.StartsWith("multipart/byteranges", StringComparison.Ordinal) == true)
        {
            Assert.StartsWith("multipart/byteranges; boundary=", actualType, StringComparison.Ordinal);
            if (testCase.Method == "HEAD")
            {
                Assert.Empty(actualBody);
                return;
            }

            var expectedParts = Multipart.Parse(expectedBody, Multipart.Boundary(expectedType));
            var actualParts = Multipart.Parse(actualBody, Multipart.Boundary(actualType!));
            Assert.Equal(expectedParts.Count, actualParts.Count);
            for (var i = 0; i < expectedParts.Count; i++)
            {
                Assert.True(expectedParts[i].SameAs(actualParts[i]), $"part {i}: nginx {expectedParts[i]}, ours {actualParts[i]}");
                AssertIsFileSlice(actualParts[i].ContentRange, actualParts[i].Data);
            }

            return;
        }

        if (status != (int)HttpStatusCode.NotModified)
        {
            Assert.Equal(expectedType, actualType);
        }

        Assert.Equal(expectedBody.Length, actualBody.Length);
        Assert.True(expectedBody.AsSpan().SequenceEqual(actualBody), "bodies differ");
        if (status == 206 && testCase.Method == "GET")
        {
            AssertIsFileSlice(Header(actual, "Content-Range")!, actualBody);
        }
    }

    // Both servers agreeing is not enough: the bytes must also be the file's.
    private void AssertIsFileSlice(string contentRange, byte[] data)
    {
        var (start, end) = Multipart.ParseContentRange(contentRange);
        Assert.True(fixture.Sample.Span.Slice((int)start, (int)(end - start + 1)).SequenceEqual(data), $"not the file's bytes {contentRange}");
    }

    private async Task<HttpResponseMessage> SendAsync(Uri server, DifferentialCase testCase)
    {
        using var request = new HttpRequestMessage(new HttpMethod(testCase.Method), new Uri(server, testCase.File));
        foreach (var (name, value) in testCase.Headers)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(name, value), $"could not add {name}");
        }

        var response = await fixture.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return response;
    }

    // Raw header text from either collection, without HttpClient computing or normalising anything.
    private static string? Header(HttpResponseMessage response, string name)
    {
        if (response.Headers.NonValidated.TryGetValues(name, out var values)
            || response.Content.Headers.NonValidated.TryGetValues(name, out values))
        {
            return string.Join(", ", values);
        }

        return null;
    }
}
