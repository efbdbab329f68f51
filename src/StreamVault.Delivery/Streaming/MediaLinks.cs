using System.Text;
using Microsoft.Extensions.Options;
using StreamVault.Data.Entities;
using StreamVault.Delivery.Policy;

namespace StreamVault.Delivery.Streaming;

/// <summary>Builds the signed, expiring URLs pages hand to browsers. Only public ids appear in them. The delivery
/// policy decides which exist: no stream link for a quality that does not stream, no download link where a mirror
/// replaces it (the endpoints check the same policy again, since it may change after a link was signed).</summary>
public interface IMediaLinks
{
    string? Play(MediaFile file, DeliveryPolicy policy);

    string? Download(MediaFile file, DeliveryPolicy policy);

    string Subtitle(Subtitle subtitle);
}

internal sealed class MediaLinks(LinkSigner signer, LinkGenerator routes, IOptions<DeliveryOptions> options) : IMediaLinks
{
    public string? Play(MediaFile file, DeliveryPolicy policy) =>
        policy.CanStream(file) ? Build(DeliveryRoutes.Stream, LinkPurpose.Play, file.PublicId, UrlFileName(file.OriginalName)) : null;

    public string? Download(MediaFile file, DeliveryPolicy policy) =>
        policy.CanDownload(file) ? Build(DeliveryRoutes.Download, LinkPurpose.Download, file.PublicId, UrlFileName(file.OriginalName)) : null;

    public string Subtitle(Subtitle subtitle) => Build(DeliveryRoutes.Subtitle, LinkPurpose.Subtitle, subtitle.PublicId, subtitle.Language + ".vtt");

    private string Build(string endpoint, LinkPurpose purpose, string publicId, string name)
    {
        var (expires, signature) = signer.Sign(purpose, publicId, options.Value.LinkLifetime);
        // The path comes from the endpoint's own route template; e and s become the query.
        return routes.GetPathByName(endpoint, new RouteValueDictionary { ["publicId"] = publicId, ["name"] = name, ["e"] = expires, ["s"] = signature })
            ?? throw new InvalidOperationException($"No endpoint is named {endpoint}: MapDelivery() was not called.");
    }

    /// <summary>The name in the path is cosmetic (players and download managers show it); keep it to safe ASCII.</summary>
    internal static string UrlFileName(string originalName)
    {
        var builder = new StringBuilder(Math.Min(originalName.Length, 120));
        foreach (var c in originalName)
        {
            if (builder.Length >= 120)
            {
                break;
            }

            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        var name = builder.ToString().Trim('.');
        return name.Length == 0 ? "media" : name;
    }
}
