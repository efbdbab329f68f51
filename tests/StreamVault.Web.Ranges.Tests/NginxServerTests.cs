namespace StreamVault.Web.Ranges.Tests;

public class NginxServerTests
{
    [Fact]
    public async Task Missing_nginx_fails_with_an_install_hint_instead_of_skipping()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NginxServer.StartAsync("/tmp", "", "/nonexistent/nginx"));
        Assert.Contains("apt-get install -y nginx-light", error.Message, StringComparison.Ordinal);
    }
}
