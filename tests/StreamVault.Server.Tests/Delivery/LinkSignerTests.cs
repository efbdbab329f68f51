using Microsoft.Extensions.Time.Testing;
using StreamVault.Delivery.Streaming;

namespace StreamVault.Server.Tests.Delivery;

public sealed class LinkSignerTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public void A_link_checked_once_still_expires_and_its_neighbours_are_still_checked()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        var signer = new LinkSigner(Key, time);
        var (expires, signature) = signer.Sign(LinkPurpose.Play, "abc123", TimeSpan.FromHours(1));

        // A player's hundreds of asks for one link: each is valid, the first computed and the rest remembered.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(LinkCheck.Valid, signer.Verify(LinkPurpose.Play, "abc123", expires, signature));
        }

        // What was remembered is the whole link: another id, purpose, expiry or signature is checked afresh.
        Assert.Equal(LinkCheck.Invalid, signer.Verify(LinkPurpose.Play, "abc124", expires, signature));
        Assert.Equal(LinkCheck.Invalid, signer.Verify(LinkPurpose.Download, "abc123", expires, signature));
        Assert.Equal(LinkCheck.Invalid, signer.Verify(LinkPurpose.Play, "abc123", expires + 3600, signature));
        Assert.Equal(LinkCheck.Invalid, signer.Verify(LinkPurpose.Play, "abc123", expires, signature[..^1] + (signature[^1] == 'A' ? 'B' : 'A')));

        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(LinkCheck.Expired, signer.Verify(LinkPurpose.Play, "abc123", expires, signature));
    }

    [Fact]
    public void A_link_signed_with_another_key_is_never_valid()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        var (expires, signature) = new LinkSigner([.. Key.Reverse()], time).Sign(LinkPurpose.Play, "abc123", TimeSpan.FromHours(1));
        var signer = new LinkSigner(Key, time);

        Assert.Equal(LinkCheck.Invalid, signer.Verify(LinkPurpose.Play, "abc123", expires, signature));
        Assert.Equal(LinkCheck.Invalid, signer.Verify(LinkPurpose.Play, "abc123", expires, signature));
        Assert.Equal(LinkCheck.Invalid, signer.Verify(LinkPurpose.Play, "abc123", expires, null));
    }
}
