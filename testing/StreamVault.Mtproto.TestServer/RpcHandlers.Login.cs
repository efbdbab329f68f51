using System.Security.Cryptography;
using StreamVault.Mtproto.Crypto;
using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto.TestServer;

/// <summary>User login: phone code, then 2FA via SRP when the account has a password.</summary>
internal sealed partial class RpcHandlers
{
    private Auth_SentCode SendCode(Auth_SendCodeRequest r)
    {
        StoredUser? u;
        lock (state.Sync)
        {
            state.UsersByPhone.TryGetValue(r.PhoneNumber, out u);
        }

        if (u is null)
        {
            throw new ServerRpcException(400, "PHONE_NUMBER_INVALID");
        }

        if (u.HomeDc != dcId)
        {
            throw new ServerRpcException(303, $"PHONE_MIGRATE_{u.HomeDc}");
        }

        return new Auth_SentCode { Type = new Auth_SentCodeTypeApp { Length = u.Code?.Length ?? 5 }, PhoneCodeHash = "hash" + u.Id };
    }

    private Auth_Authorization SignIn(AuthKeyInfo key, Auth_SignInRequest r)
    {
        StoredUser? u;
        lock (state.Sync)
        {
            state.UsersByPhone.TryGetValue(r.PhoneNumber, out u);
        }

        if (u is null)
        {
            throw new ServerRpcException(400, "PHONE_NUMBER_INVALID");
        }

        if (u.HomeDc != dcId)
        {
            throw new ServerRpcException(303, $"USER_MIGRATE_{u.HomeDc}");
        }

        if (r.PhoneCodeHash != "hash" + u.Id)
        {
            throw new ServerRpcException(400, "PHONE_CODE_HASH_EMPTY");
        }

        if (r.PhoneCode != u.Code)
        {
            throw new ServerRpcException(400, "PHONE_CODE_INVALID");
        }

        if (u.Password is not null)
        {
            key.PendingPasswordUser = u.Id;
            throw new ServerRpcException(401, "SESSION_PASSWORD_NEEDED");
        }
        return Authorize(key, u);
    }

    private StoredUser PendingUser(AuthKeyInfo key)
    {
        lock (state.Sync)
        {
            if (key.PendingPasswordUser is { } id && state.Users.TryGetValue(id, out var u) && u.Password is not null)
            {
                return u;
            }
        }
        throw new ServerRpcException(400, "PASSWORD_HASH_INVALID");
    }

    private Account_Password GetPassword(AuthKeyInfo key)
    {
        var u = PendingUser(key);
        var p = ServerHandshake.DhPrime;
        var verifier = Srp.Verifier(Srp.PasswordHash(u.Password!, u.SrpSalt1, u.SrpSalt2), 3, p);
        var b = RandomNumberGenerator.GetBytes(256);
        var srpB = Srp.ServerB(verifier, 3, p, b);
        key.Srp = (state.NextId(), b, srpB);
        var algo = new PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow { Salt1 = u.SrpSalt1, Salt2 = u.SrpSalt2, G = 3, P = p };
        return new Account_Password
        {
            HasPassword = true, CurrentAlgo = algo, SrpB = srpB, SrpId = key.Srp.Value.Id, Hint = "hint",
            NewAlgo = algo, NewSecureAlgo = new SecurePasswordKdfAlgoUnknown(), SecureRandom = RandomNumberGenerator.GetBytes(32),
        };
    }

    private Auth_Authorization CheckPassword(AuthKeyInfo key, Auth_CheckPasswordRequest r)
    {
        var u = PendingUser(key);
        if (r.Password is not InputCheckPasswordSRP srp || key.Srp is not { } pending || pending.Id != srp.SrpId)
        {
            throw new ServerRpcException(400, "SRP_ID_INVALID");
        }

        var p = ServerHandshake.DhPrime;
        var verifier = Srp.Verifier(Srp.PasswordHash(u.Password!, u.SrpSalt1, u.SrpSalt2), 3, p);
        key.Srp = null;
        if (!Srp.Verify(verifier, 3, p, u.SrpSalt1, u.SrpSalt2, pending.B, pending.SrpB, srp.A, srp.M1))
        {
            throw new ServerRpcException(400, "PASSWORD_HASH_INVALID");
        }

        key.PendingPasswordUser = null;
        return Authorize(key, u);
    }
}
