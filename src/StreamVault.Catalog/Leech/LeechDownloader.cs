using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace StreamVault.Catalog.Leech;

/// <summary>A leech refused for a reason the operator can act on; its message is one line.</summary>
public sealed class LeechRefusedException(string message) : Exception(message);

/// <summary>Resolves a host name to its addresses. A seam so tests can return chosen addresses (rebinding, private).</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

internal sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>Progress of a download: bytes so far and the total when known.</summary>
public readonly record struct DownloadProgress(long Bytes, long? Total);

/// <summary>A finished download: where it was written and the name it should be ingested under.</summary>
public sealed record DownloadedFile(string Path, string FileName, long Length);

/// <summary>
/// Downloads one URL to a file, safely:
/// <list type="bullet">
/// <item>every hop (the URL and each redirect, followed here, at most <see cref="LeechOptions.MaxRedirects"/>) is
/// resolved once, every address checked (<see cref="AddressPolicy"/>, unless an allow-list opens it), and the connection
/// made to that checked address (a ConnectCallback), so a DNS answer that changes between check and connect (rebinding)
/// cannot reach an inner address;</item>
/// <item>a dropped connection resumes with <c>Range: bytes=N-</c> (checked by its Content-Range; a server that ignores
/// it starts over), at most <see cref="LeechOptions.MaxAttempts"/> connections;</item>
/// <item>more than <see cref="LeechOptions.MaxBytes"/> is refused, declared or not.</item>
/// </list>
/// </summary>
public sealed class LeechDownloader(IHostResolver resolver, IOptions<LeechOptions> options)
{
    private static readonly HttpRequestOptionsKey<IPAddress> PinnedAddress = new("streamvault.leech.address");

    public async Task<DownloadedFile> DownloadAsync(Uri url, string folder, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var settings = options.Value;
        CheckUrl(url);
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false, // a proxy would make the address checks meaningless
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = ConnectToCheckedAddressAsync,
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        Directory.CreateDirectory(folder);
        var partial = Path.Combine(folder, "download.part");
        await using var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        long? total = null;
        string? name = null;
        Exception? lastDrop = null;
        for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
        {
            using var response = await SendFollowingRedirectsAsync(client, url, output.Length, cancellationToken);
            if (output.Length > 0 && response.StatusCode == HttpStatusCode.OK)
            {
                // The server ignored the Range: start over rather than append the start again.
                output.SetLength(0);
            }
            else if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                if (response.Content.Headers.ContentRange is not { From: { } from } range || from != output.Length)
                {
                    throw new LeechRefusedException($"the server answered a resume from byte {output.Length} with another range ({response.Content.Headers.ContentRange})");
                }

                total = range.Length ?? total;
            }
            else if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && total is { } known && output.Length == known)
            {
                break; // the previous connection dropped after the last byte
            }
            else if (!response.IsSuccessStatusCode)
            {
                throw new LeechRefusedException($"the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.StatusCode == HttpStatusCode.OK)
            {
                total = response.Content.Headers.ContentLength;
            }

            name ??= FileNameOf(response, url);
            if (total > settings.MaxBytes)
            {
                throw new LeechRefusedException($"the file is {total} bytes, over the limit of {settings.MaxBytes} ({LeechOptions.Section}:MaxBytes)");
            }

            try
            {
                await CopyAsync(response, output, settings.MaxBytes, total, progress, cancellationToken);
                lastDrop = null;
                if (total is null || output.Length == total)
                {
                    break;
                }

                lastDrop = new IOException($"the connection ended at byte {output.Length} of {total}");
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                lastDrop = ex; // dropped mid-body: the next attempt resumes where this one ended
            }
        }

        if (lastDrop is not null)
        {
            throw new LeechRefusedException($"the download kept failing after {settings.MaxAttempts} attempts: {lastDrop.Message}");
        }

        await output.FlushAsync(cancellationToken);
        return new DownloadedFile(partial, name ?? "download", output.Length);
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(HttpClient client, Uri url, long resumeFrom, CancellationToken cancellationToken)
    {
        var current = url;
        for (var hop = 0; ; hop++)
        {
            var address = await CheckedAddressAsync(current, cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Options.Set(PinnedAddress, address);
            if (resumeFrom > 0)
            {
                request.Headers.Range = new RangeHeaderValue(resumeFrom, null);
            }

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new LeechRefusedException($"could not reach {current.Host}: {ex.Message}");
            }

            if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308))
            {
                return response;
            }

            var location = response.Headers.Location;
            response.Dispose();
            if (location is null)
            {
                throw new LeechRefusedException($"{current.Host} redirected without a Location");
            }

            if (hop >= options.Value.MaxRedirects)
            {
                throw new LeechRefusedException($"more than {options.Value.MaxRedirects} redirects ({LeechOptions.Section}:MaxRedirects)");
            }

            current = location.IsAbsoluteUri ? location : new Uri(current, location);
            CheckUrl(current);
        }
    }

    /// <summary>Resolves the host once and checks every address it has: one inner address refuses the host, since a
    /// resolver may hand out any of them.</summary>
    private async Task<IPAddress> CheckedAddressAsync(Uri url, CancellationToken cancellationToken)
    {
        var host = url.IdnHost;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(host, cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new LeechRefusedException($"{host} does not resolve: {ex.Message}");
            }
        }

        if (addresses.Length == 0)
        {
            throw new LeechRefusedException($"{host} has no address");
        }

        var settings = options.Value;
        var hostAllowed = settings.AllowedHosts.Any(h => string.Equals(h.Trim(), host, StringComparison.OrdinalIgnoreCase));
        var networks = settings.ParsedNetworks();
        foreach (var address in addresses)
        {
            var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            if (!hostAllowed && !networks.Any(n => n.Contains(plain)) && AddressPolicy.Refusal(address) is { } why)
            {
                throw new LeechRefusedException($"refused {host}: it resolves to {address}, {why} (open it with {LeechOptions.Section}:AllowedNetworks or AllowedHosts)");
            }
        }

        return addresses[0];
    }

    private static async ValueTask<Stream> ConnectToCheckedAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        if (!context.InitialRequestMessage.Options.TryGetValue(PinnedAddress, out var address))
        {
            throw new InvalidOperationException("A leech connection without a checked address.");
        }

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void CheckUrl(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new LeechRefusedException($"only http and https links can be leeched, not '{url}'");
        }

        if (url.UserInfo.Length > 0)
        {
            throw new LeechRefusedException("links with a user name or password are not leeched");
        }
    }

    private static async Task CopyAsync(HttpResponseMessage response, FileStream output, long max, long? total, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (output.Length + read > max)
            {
                throw new LeechRefusedException($"the download passed the limit of {max} bytes ({LeechOptions.Section}:MaxBytes)");
            }

            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            progress?.Report(new DownloadProgress(output.Length, total));
        }
    }

    /// <summary>The name from Content-Disposition, else the URL's last segment; only a plain file name survives.</summary>
    private static string FileNameOf(HttpResponseMessage response, Uri url)
    {
        var disposition = response.Content.Headers.ContentDisposition;
        var candidate = disposition?.FileNameStar ?? disposition?.FileName?.Trim('"') ?? Uri.UnescapeDataString(url.Segments.LastOrDefault() ?? "");
        return LeechNames.Safe(candidate);
    }
}

/// <summary>File names that come from outside (headers, URLs, archive entries) made safe for a folder of ours.</summary>
internal static class LeechNames
{
    public static string Safe(string? name)
    {
        var plain = Path.GetFileName((name ?? string.Empty).Replace('\\', '/'));
        var cleaned = new string([.. plain.Where(c => !char.IsControl(c) && !Path.GetInvalidFileNameChars().Contains(c) && c is not ('\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069'))]).Trim().TrimStart('.');
        return cleaned.Length == 0 ? "download" : cleaned.Length > 200 ? cleaned[^200..] : cleaned;
    }
}
