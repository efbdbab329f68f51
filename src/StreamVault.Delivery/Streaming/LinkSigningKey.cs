using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StreamVault.Data;
using StreamVault.Platform;

namespace StreamVault.Delivery.Streaming;

/// <summary>
/// The HMAC key of stream, download and subtitle links: derived from StreamVault:Delivery:LinkSigningSecret when it is
/// set, otherwise generated once and kept in the catalogue, so every restart (and every node sharing the database)
/// signs alike. Loaded by <see cref="Initializer"/> after migrations, once per process.
/// </summary>
public sealed class LinkSigningKey
{
    private const string Setting = "secret.link-signing";

    private byte[]? _value;

    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "The HMAC key, handed once to LinkSigner (HMACSHA256 takes a byte[]); a copy per read would only leave more copies of the secret in memory.")]
    public byte[] Value => _value ?? throw new InvalidOperationException("The link signing key is read before the host ran the module initializers.");

    internal sealed class Initializer(LinkSigningKey key, IOptions<DeliveryOptions> options) : IModuleInitializer
    {
        public async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            key._value = string.IsNullOrWhiteSpace(options.Value.LinkSigningSecret)
                ? await LoadOrCreateAsync(services, cancellationToken)
                : SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(options.Value.LinkSigningSecret));
        }

        private static async Task<byte[]> LoadOrCreateAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            await using var scope = services.CreateAsyncScope();
            return await StoredSecrets.LoadOrCreateAsync(scope.ServiceProvider.GetRequiredService<CatalogDbContext>(), Setting, cancellationToken);
        }
    }
}
