using System.ComponentModel.DataAnnotations;

namespace StreamVault.Server.Hosting;

/// <summary>The `StreamVault:Metrics` section: who may scrape /metrics. Behind a proxy on the same host every visitor
/// arrives from loopback, so the connection's address proves nothing: a scraper shows a bearer token or uses a listener
/// of its own. With neither configured only a signed-in admin sees the metrics.</summary>
internal sealed class MetricsOptions : IValidatableObject
{
    public const string Section = "StreamVault:Metrics";

    /// <summary>Token a scraper sends as "Authorization: Bearer TOKEN" (Prometheus: authorization.credentials).</summary>
    [MinLength(16, ErrorMessage = "StreamVault:Metrics:BearerToken must be at least 16 characters; generate one with `openssl rand -hex 32`.")]
    public string? BearerToken { get; set; }

    /// <summary>An extra listen address serving /metrics to anyone who reaches it, e.g. "http://127.0.0.1:9464"; keep it
    /// off the proxy and the public interface.</summary>
    public string? ListenUrl { get; set; }

    /// <summary>The listener's port, when <see cref="ListenUrl"/> is set.</summary>
    public int? ListenPort => ListenUrl is null ? null : new Uri(ListenUrl).Port;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ListenUrl is not null
            && !(Uri.TryCreate(ListenUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.AbsolutePath == "/" && uri.Port > 0 && uri.IsDefaultPort is false))
        {
            yield return new ValidationResult($"StreamVault:Metrics:ListenUrl \"{ListenUrl}\" must be an http address with an explicit port and no path, e.g. \"http://127.0.0.1:9464\".", [nameof(ListenUrl)]);
        }
    }
}
