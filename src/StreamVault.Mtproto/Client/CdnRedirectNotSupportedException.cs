namespace StreamVault.Mtproto;

/// <summary>
/// upload.getFile was answered with upload.fileCdnRedirect. This client does not download from Telegram's CDN DCs
/// (that needs the CDN's own keys, upload.getCdnFile, AES-CTR decryption and hash checks); it never sets cdn_supported,
/// so Telegram should not redirect it. Nothing retried on another connection of the same account changes the answer.
/// </summary>
public sealed class CdnRedirectNotSupportedException(int cdnDc)
    : NotSupportedException(
        $"upload.getFile was redirected to CDN DC {cdnDc} (upload.fileCdnRedirect), and CDN downloads are not supported by this client. "
        + "Read the file with a bot session (Telegram does not send bots to CDNs), or upload it again: files uploaded through this client are not CDN files.")
{
    /// <summary>The CDN DC Telegram pointed to.</summary>
    public int CdnDc { get; } = cdnDc;
}
