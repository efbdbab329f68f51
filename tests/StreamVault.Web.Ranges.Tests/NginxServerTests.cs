namespace StreamVault.Web.Ranges.Tests;

public class NginxServerTests
{
    [Fact]
    public void Missing_nginx_fails_with_an_install_hint_instead_of_skipping()
    {
        var error = Assert.Throws<InvalidOperationException>(() => NginxServer.Start("/tmp", "", "/nonexistent/nginx"));
        Assert.Contains("apt-get install -y nginx-light", error.Message);
    }
}
