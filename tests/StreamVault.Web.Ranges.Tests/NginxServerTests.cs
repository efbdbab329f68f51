namespace StreamVault.Web.Ranges.Tests;

public class NginxServerTests
{
    [Fact]
    public void Missing_nginx_fails_with_an_install_hint_instead_of_skipping()
    {
        var error = Assert.Throws<InvalidOperationException>(() => NginxServer.Start("/tmp", "", "/nonexistent/nginx"));
        Assert.Contains("apt-get install -y nginx-light", error.Message);
    }

    [Fact]
    public void Nginx_is_installed_where_the_differential_expects_it()
    {
        Assert.True(File.Exists(NginxServer.Binary), $"{NginxServer.Binary} is missing: apt-get install -y nginx-light");
    }
}
