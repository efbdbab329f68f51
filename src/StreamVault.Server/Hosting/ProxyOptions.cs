using System.ComponentModel.DataAnnotations;
using System.Net;

namespace StreamVault.Server.Hosting;

/// <summary>The `StreamVault:Proxy` section: which reverse proxies (nginx, Cloudflare's tunnel) may tell the server the
/// client's address, scheme and host through X-Forwarded-For, -Proto and -Host. Anyone else could forge them, so they are
/// honoured only from these addresses. Empty lists mean a proxy on this host (loopback) only; setting either list
/// replaces that default.</summary>
internal sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "StreamVault:Proxy";

    /// <summary>Addresses of trusted proxies, e.g. "10.0.0.5" or "::1".</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. "10.0.0.0/8" or "2400:cb00::/32".</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies may stand in a row (Cloudflare then nginx is 2); each must be trusted.</summary>
    [Range(1, 10, ErrorMessage = "StreamVault:Proxy:ForwardLimit must be between 1 and 10: the number of proxies in front of the server, e.g. 1 for nginx alone.")]
    public int ForwardLimit { get; set; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                yield return new ValidationResult($"StreamVault:Proxy:KnownProxies has \"{proxy}\", which is not an IP address. List addresses such as \"10.0.0.5\"; use KnownNetworks for ranges.", [nameof(KnownProxies)]);
            }
        }

        foreach (var network in KnownNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                yield return new ValidationResult($"StreamVault:Proxy:KnownNetworks has \"{network}\", which is not a network in CIDR form such as \"10.0.0.0/8\".", [nameof(KnownNetworks)]);
            }
        }
    }
}
