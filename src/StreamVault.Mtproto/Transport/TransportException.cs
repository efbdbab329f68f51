namespace StreamVault.Mtproto.Transport;

/// <summary>A 4-byte transport error packet from the server: -404 (no such auth key / bad request), -429 (too many connections), -444 (invalid DC).</summary>
public sealed class TransportException(int code)
    : IOException($"MTProto transport error {code}" + code switch
    {
        -404 => " (auth key not found or malformed request)",
        -429 => " (transport flood: too many connections)",
        -444 => " (invalid DC)",
        _ => "",
    })
{
    public int Code { get; } = code;
}
