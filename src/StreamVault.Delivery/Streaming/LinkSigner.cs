using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace StreamVault.Delivery.Streaming;

public enum LinkPurpose
{
    Play = 1,
    Download = 2,
    Subtitle = 3,
}

public enum LinkCheck
{
    Valid,
    Expired,
    Invalid,
}

/// <summary>HMAC-SHA256 over (purpose, public id, expiry). The signature is truncated to 128 bits: plenty against
/// forgery, and the URL stays short.</summary>
public sealed class LinkSigner(byte[] key, TimeProvider time)
{
    private const int SignatureBytes = 16;

    // A player asks for one link hundreds of times, a range at a time: a link whose signature matched once is remembered,
    // so the next asks cost a lookup instead of an HMAC (a few percent of a cached range's CPU). Only matches are kept, and
    // expiry is still checked on every ask; the set is emptied when it grows past this, which a day of viewers never does.
    private const int VerifiedKept = 1 << 16;
    private readonly ConcurrentDictionary<(LinkPurpose Purpose, long Expires, string PublicId, string Signature), byte> _verified = new();
    private int _verifiedCount;

    public (long Expires, string Signature) Sign(LinkPurpose purpose, string publicId, TimeSpan lifetime)
    {
        var expires = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        return (expires, Compute(purpose, publicId, expires));
    }

    public LinkCheck Verify(LinkPurpose purpose, string publicId, long expires, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length > 64)
        {
            return LinkCheck.Invalid;
        }

        var link = (purpose, expires, publicId, signature);
        if (!_verified.ContainsKey(link))
        {
            var expected = Encoding.ASCII.GetBytes(Compute(purpose, publicId, expires));
            var given = Encoding.ASCII.GetBytes(signature);
            if (!CryptographicOperations.FixedTimeEquals(expected, given))
            {
                return LinkCheck.Invalid;
            }

            Remember(link);
        }

        return time.GetUtcNow().ToUnixTimeSeconds() > expires ? LinkCheck.Expired : LinkCheck.Valid;
    }

    private void Remember((LinkPurpose, long, string, string) link)
    {
        if (Interlocked.Increment(ref _verifiedCount) > VerifiedKept)
        {
            _verified.Clear();
            Interlocked.Exchange(ref _verifiedCount, 1);
        }

        _verified.TryAdd(link, 0);
    }

    private string Compute(LinkPurpose purpose, string publicId, long expires)
    {
        var id = Encoding.UTF8.GetBytes(publicId);
        var message = new byte[1 + 8 + id.Length];
        message[0] = (byte)purpose;
        BinaryPrimitives.WriteInt64BigEndian(message.AsSpan(1), expires);
        id.CopyTo(message, 9);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, message, mac);
        return Base64Url.EncodeToString(mac[..SignatureBytes]);
    }
}
