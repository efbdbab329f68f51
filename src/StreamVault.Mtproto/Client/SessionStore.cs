using System.Security.Cryptography;
using System.Text.Json;

namespace StreamVault.Mtproto;

public sealed record SavedDc(int DcId, byte[] AuthKey, long Salt, long TimeOffset, bool Authorized);

/// <summary>What must survive a restart so the client neither redoes the DH handshake nor logs in again.</summary>
public sealed record SavedSession(int HomeDc, IReadOnlyList<SavedDc> Dcs, long? UserId, string? UserName, bool IsBot);

public interface ISessionStore
{
    Task<SavedSession?> LoadAsync(CancellationToken ct);

    Task SaveAsync(SavedSession session, CancellationToken ct);
}

/// <summary>
/// A session file encrypted at rest with AES-256-GCM under a key derived from a passphrase (PBKDF2-SHA256).
/// An auth key is as good as a logged-in account, so it never touches disk in the clear.
/// </summary>
public sealed class EncryptedFileSessionStore(string path, string passphrase) : ISessionStore
{
    private static readonly byte[] Magic = "SVTS1"u8.ToArray();
    private const int Iterations = 100_000;

    public async Task<SavedSession?> LoadAsync(CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var blob = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        if (blob.Length < Magic.Length + 16 + 12 + 16 || !blob.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path} is not a StreamVault Telegram session file");
        }

        var salt = blob.AsSpan(Magic.Length, 16);
        var nonce = blob.AsSpan(Magic.Length + 16, 12);
        var tag = blob.AsSpan(Magic.Length + 28, 16);
        var cipher = blob.AsSpan(Magic.Length + 44);
        var plain = new byte[cipher.Length];
        using var gcm = new AesGcm(DeriveKey(salt), 16);
        try
        {
            gcm.Decrypt(nonce, cipher, tag, plain, Magic);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new InvalidDataException($"{path}: wrong passphrase or the file was modified", e);
        }
        return JsonSerializer.Deserialize<SavedSession>(plain);
    }

    public async Task SaveAsync(SavedSession session, CancellationToken ct)
    {
        var plain = JsonSerializer.SerializeToUtf8Bytes(session);
        var salt = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var cipher = new byte[plain.Length];
        using (var gcm = new AesGcm(DeriveKey(salt), 16))
        {
            gcm.Encrypt(nonce, plain, cipher, tag, Magic);
        }

        CryptographicOperations.ZeroMemory(plain);
        byte[] blob = [.. Magic, .. salt, .. nonce, .. tag, .. cipher];
        var tmp = path + ".tmp";
        await File.WriteAllBytesAsync(tmp, blob, ct).ConfigureAwait(false);
        File.Move(tmp, path, overwrite: true);
    }

    private byte[] DeriveKey(ReadOnlySpan<byte> salt)
        => Rfc2898DeriveBytes.Pbkdf2(System.Text.Encoding.UTF8.GetBytes(passphrase), salt, Iterations, HashAlgorithmName.SHA256, 32);
}
