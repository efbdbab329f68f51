namespace StreamVault.Delivery.Streaming;

/// <summary>
/// Marks the byte endpoints (/stream, /download) whose only authority is their signed link. They answer most of the
/// server's requests — a player asks a range at a time, a thousand viewers ask a few thousand times a second — and use
/// nothing of the site's middleware: no cookie is read, no form is posted, no page is rendered. The host lets them skip
/// it (see <c>MapStreamVault</c>).
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
