namespace StreamVault.Delivery.Streaming;

/// <summary>
/// Marks the byte endpoints (/stream, /download) whose only authority is their signed link. They answer most of the
/// server's requests — a player asks a range at a time, a thousand viewers ask a few thousand times a second — and need
/// none of the site's per-route HTTP metrics: the host counts them by status instead (see <c>MapStreamVault</c>).
/// </summary>
public sealed class SignedByteRoute
{
    public static readonly SignedByteRoute Instance = new();

    private SignedByteRoute()
    {
    }

    /// <summary>True when routing matched a signed byte endpoint for this request.</summary>
    public static bool Matches(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<SignedByteRoute>() is not null;
}
