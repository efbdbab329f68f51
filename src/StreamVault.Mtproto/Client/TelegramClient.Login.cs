using StreamVault.Mtproto.Crypto;
using StreamVault.Mtproto.Protocol;
using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto;

public sealed partial class TelegramClient
{
    public async Task<TelegramUser> LoginUserAsync(string phone, Func<CancellationToken, Task<string>> codeProvider,
        Func<CancellationToken, Task<string>>? passwordProvider, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(phone);
        ArgumentNullException.ThrowIfNull(codeProvider);
        var sent = await OnHomeDcAsync(new Auth_SendCodeRequest { PhoneNumber = phone, ApiId = _options.ApiId, ApiHash = _options.ApiHash, Settings = new CodeSettings() }, ct).ConfigureAwait(false);
        if (sent is not Auth_SentCode code)
        {
            throw new InvalidDataException("unexpected auth.sendCode answer");
        }

        var phoneCode = await codeProvider(ct).ConfigureAwait(false);
        Auth_AuthorizationBase auth;
        try
        {
            auth = await OnHomeDcAsync(new Auth_SignInRequest { PhoneNumber = phone, PhoneCodeHash = code.PhoneCodeHash, PhoneCode = phoneCode }, ct).ConfigureAwait(false);
        }
        catch (SessionPasswordNeededException)
        {
            if (passwordProvider is null)
            {
                throw;
            }

            var password = await passwordProvider(ct).ConfigureAwait(false);
            auth = await CheckPasswordAsync(password, ct).ConfigureAwait(false);
        }
        return await CompleteLoginAsync(auth, ct).ConfigureAwait(false);
    }

    private async Task<Auth_AuthorizationBase> CheckPasswordAsync(string password, CancellationToken ct)
    {
        var pwd = (Account_Password)await InvokeAsync(new Account_GetPasswordRequest(), ct).ConfigureAwait(false);
        if (pwd.CurrentAlgo is not PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow algo || pwd.SrpB is null || pwd.SrpId is null)
        {
            throw new InvalidDataException("unsupported 2FA password algorithm");
        }
        // The SRP group comes from the server, so it gets the same safe-prime checks as the auth-key DH.
        DhChecks.CheckPrimeAndGenerator(DhChecks.FromBigEndian(algo.P), algo.G);
        var proof = Srp.Prove(password, algo.Salt1, algo.Salt2, algo.G, algo.P, pwd.SrpB);
        return await InvokeAsync(new Auth_CheckPasswordRequest
        {
            Password = new InputCheckPasswordSRP { SrpId = pwd.SrpId.Value, A = proof.A, M1 = proof.M1 },
        }, ct).ConfigureAwait(false);
    }

    private void Restore(SavedSession saved)
    {
        _homeDc = saved.HomeDc;
        foreach (var dc in saved.Dcs)
        {
            if (!_endpoints.TryGetValue(dc.DcId, out var ep))
            {
                continue;
            }

            _sessions[dc.DcId] = new MtSession(SessionOptionsFor(dc.DcId, ep), new AuthState(dc.DcId, dc.AuthKey, dc.Salt, dc.TimeOffset))
            {
                Authorized = dc.Authorized,
            };
        }
        if (saved.UserId is { } id)
        {
            Self = new TelegramUser(id, saved.UserName ?? "", saved.IsBot);
        }
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        if (_options.SessionStore is not { } store)
        {
            return;
        }

        var dcs = _sessions.Values.Select(s => (s.State, s.Authorized)).Where(x => x.State is not null)
            .Select(x => new SavedDc(x.State!.DcId, x.State.AuthKey, x.State.Salt, x.State.TimeOffset, x.Authorized)).ToList();
        await store.SaveAsync(new SavedSession(_homeDc, dcs, Self?.Id, Self?.FirstName, Self?.IsBot ?? false), ct).ConfigureAwait(false);
    }
}
