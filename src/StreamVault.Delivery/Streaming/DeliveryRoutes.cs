namespace StreamVault.Delivery.Streaming;

/// <summary>
/// Names of the delivery endpoints. Links are built from these names by the routing system's
/// <see cref="LinkGenerator"/>, so a route's template is written once, where it is mapped.
/// </summary>
public static class DeliveryRoutes
{
    public const string Stream = "delivery.stream";
    public const string Download = "delivery.download";
    public const string Subtitle = "delivery.subtitle";
    public const string FreshPlayLinks = "delivery.fresh-play-links";
}
