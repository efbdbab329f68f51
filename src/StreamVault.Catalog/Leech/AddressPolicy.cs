using System.Net;
using System.Net.Sockets;

namespace StreamVault.Catalog.Leech;

/// <summary>
/// Which addresses a leech may connect to: public unicast only. Refused: loopback, private (10/8, 172.16/12,
/// 192.168/16), link-local (169.254/16, fe80::/10), CGNAT (100.64/10), cloud metadata (169.254.169.254,
/// fd00:ec2::254), unspecified, broadcast, multicast, IPv6 unique-local (fc00::/7), and IPv4 addresses hidden in IPv6
/// (v4-mapped ::ffff:a.b.c.d, v4-compatible ::a.b.c.d, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16), which
/// are judged by the IPv4 address inside.
/// </summary>
internal static class AddressPolicy
{
    private static readonly (IPNetwork Network, string Name)[] Refused4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("169.254.169.254/32"), "cloud metadata"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("100.64.0.0/10"), "carrier-grade NAT"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol assignments"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
    ];

    private static readonly (IPNetwork Network, string Name)[] Refused6 =
    [
        (IPNetwork.Parse("fd00:ec2::254/128"), "cloud metadata"),
        (IPNetwork.Parse("fc00::/7"), "unique-local"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "site-local"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
        (IPNetwork.Parse("100::/64"), "discard"),
        (IPNetwork.Parse("2001:db8::/32"), "documentation"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork LocalNat64 = IPNetwork.Parse("64:ff9b:1::/48");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>Why <paramref name="address"/> is refused ("a private address"), or null when it is public.</summary>
    public static string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            if (address.Equals(IPAddress.Broadcast))
            {
                return "a broadcast address";
            }

            return Refused4.FirstOrDefault(r => r.Network.Contains(address)).Name is { } name ? $"a{(StartsWithVowel(name) ? "n" : "")} {name} address" : null;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "not an IP address";
        }

        if (address.Equals(IPAddress.IPv6Any))
        {
            return "an unspecified address";
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return "a loopback address";
        }

        if (LocalNat64.Contains(address))
        {
            return "a local-use NAT64 address"; // its IPv4 bits depend on the local prefix length: refuse them all
        }

        if (EmbeddedIPv4(address) is { } inner)
        {
            return Refusal(inner) is { } why ? $"{why} inside an IPv6 address" : null;
        }

        return Refused6.FirstOrDefault(r => r.Network.Contains(address)).Name is { } name6 ? $"a{(StartsWithVowel(name6) ? "n" : "")} {name6} address" : null;
    }

    /// <summary>The IPv4 address an IPv6 address carries to an IPv4 host, if it is one of those forms.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(bytes.AsSpan(12, 4)); // v4-compatible ::a.b.c.d (deprecated, still routed by some stacks)
        }

        if (Nat64.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return SixToFour.Contains(address) ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }

    private static bool StartsWithVowel(string word) => "aeiou".Contains(word[0], StringComparison.Ordinal);
}
