using StreamVault.Mtproto;
using StreamVault.Mtproto.Sessions;

namespace StreamVault.Vaults.Telegram;

public enum SessionImportResult
{
    Added,
    Duplicate,
    Refused,

    /// <summary>Not a session of any known format (nothing was asked of Telegram).</summary>
    Invalid,
}

/// <summary>What became of one imported session; <see cref="Reason"/> is one line for a person (never a secret).
/// <see cref="CanRetry"/>: Telegram could not be asked, so the same input may succeed later.</summary>
public sealed record SessionImportOutcome(SessionImportResult Result, string Reason, TelegramSessionInfo? Session, bool CanRetry = false);

/// <summary>
/// Takes over a login made by Pyrogram, Telethon or GramJS: connects with its auth key to its DC, asks Telegram who it
/// is, and saves it in the <see cref="TelegramSessionFolder"/> like a session made by `session add`. A key Telegram
/// refuses is not saved; a key already in the folder (same auth key id) is not saved twice.
/// </summary>
public static class SessionImport
{
    public static async Task<SessionImportOutcome> ImportAsync(
        TelegramVaultOptions options, TelegramSessionFolder folder, ForeignSession session, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(time);

        if (await FindByKeyAsync(folder, session.AuthKeyId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return new SessionImportOutcome(SessionImportResult.Duplicate, $"already saved as {existing.Id}", existing);
        }

        if (!options.DcAddresses.ContainsKey(session.Dc))
        {
            return new SessionImportOutcome(SessionImportResult.Refused, $"DC {session.Dc} has no configured address", null);
        }

        var id = folder.NewId("import");
        var store = folder.Store(id);
        var saved = false;
        try
        {
            // Salt 0 is fine: the server answers bad_server_salt with the right one and the client resends.
            await store.SaveAsync(
                new SavedSession(session.Dc, [new SavedDc(session.Dc, session.AuthKey, 0, 0, Authorized: false)], session.UserId, null, session.IsBot ?? false),
                cancellationToken).ConfigureAwait(false);
            await using var client = new TelegramClient(options.ClientOptions(session.Dc, store, time));
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var user = await client.GetSelfAsync(cancellationToken).ConfigureAwait(false);
            var info = new TelegramSessionInfo(id, user.IsBot ? "bot" : "user", user.Id, user.FirstName, client.HomeDc, time.GetUtcNow(), session.AuthKeyId);
            folder.SaveCard(info);
            saved = true;
            return new SessionImportOutcome(SessionImportResult.Added, $"{info.Kind} {user.FirstName} (user id {user.Id}, DC {info.Dc}) from a {session.Format}", info);
        }
        catch (RpcErrorException e)
        {
            return new SessionImportOutcome(SessionImportResult.Refused, $"Telegram refused it: {e.Code} {e.ErrorMessage}", null);
        }
        catch (Exception e) when (CannotReach(e))
        {
            return new SessionImportOutcome(SessionImportResult.Refused, CannotReachText(e), null, CanRetry: true);
        }
        finally
        {
            if (!saved)
            {
                folder.Discard(id);
            }
        }
    }

    /// <summary>The saved session with this auth key id: from its card, or for sessions saved before cards held the id, from its encrypted file.</summary>
    private static async Task<TelegramSessionInfo?> FindByKeyAsync(TelegramSessionFolder folder, long authKeyId, CancellationToken ct)
    {
        foreach (var info in folder.List())
        {
            if (info.AuthKeyId == authKeyId)
            {
                return info;
            }

            if (info.AuthKeyId is null
                && await folder.Store(info.Id).LoadAsync(ct).ConfigureAwait(false) is { } saved
                && saved.Dcs.Any(d => d.AuthKey.Length == ForeignSession.AuthKeyLength && KeyId(d.AuthKey) == authKeyId))
            {
                return info;
            }
        }

        return null;
    }

    private static long KeyId(byte[] key) => new ForeignSession("", 1, null, null, key, null, null, false).AuthKeyId;

    /// <summary>The failures that mean Telegram could not be asked (the network, the transport, a garbled answer), not
    /// that it said no: the same session may work later. One rule for every login the vault makes for an operator.</summary>
    internal static bool CannotReach(Exception e) =>
        e is IOException or TimeoutException or System.Net.Sockets.SocketException or Mtproto.Transport.TransportException or InvalidDataException;

    internal static string CannotReachText(Exception e) => $"Telegram could not be asked: {FirstLine(e.Message)}";

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
