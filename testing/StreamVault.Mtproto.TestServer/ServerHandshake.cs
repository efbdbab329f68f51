using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using StreamVault.Mtproto.Crypto;
using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto.TestServer;

/// <summary>Server side of auth-key creation for one connection (core.telegram.org/mtproto/auth_key).</summary>
internal sealed class ServerHandshake(ServerState state)
{
    // Telegram's published 2048-bit safe prime (g = 3); generating a fresh safe prime would take minutes.
    internal static readonly byte[] DhPrime = Convert.FromHexString(
        "C71CAEB9C6B1C9048E6C522F70F13F73980D40238E3E21C14934D037563D930F48198A0AA7C14058229493D22530F4DBFA336F6E0AC925139543AED44CCE7C37" +
        "20FD51F69458705AC68CD4FE6B6B13ABDC9746512969328454F18FAF8C595F642477FE96BB2A941D5BCD1D4AC8CC49880708FA9B378E3C4F3A9060BEE67CF9A4" +
        "A4A695811051907E162753B56B0F6B410DBA74D8A84B2A14B3144E0EF1284754FD17ED950D5965B4B9DD46582DB1178D169C6BC465B0D6FF9CA3928FEF5B9AE4" +
        "E418FC15E83EBEA0F87FA9FF5EED70050DED2849F47BF959D956850CE929851F0D8115F635B105EE2E4E15D04B2454BF6F4FADF034B10403119CD8E3B92FCC5B");

    private byte[]? _nonce;
    private byte[]? _serverNonce;
    private byte[]? _newNonce;
    private ulong _p, _q;
    private BigInteger _a;

    public TlObject Handle(TlObject request) => request switch
    {
        ReqPqMultiRequest r => ResPq(r.Nonce),
        ReqPqRequest r => ResPq(r.Nonce),
        ReqDHParamsRequest r => DhParams(r),
        SetClientDHParamsRequest r => SetClientParams(r),
        _ => throw new InvalidDataException("unexpected plain message " + request.GetType().Name),
    };

    private ResPQ ResPq(byte[] nonce)
    {
        _nonce = nonce;
        _serverNonce = RandomNumberGenerator.GetBytes(16);
        _p = RandomPrime();
        do
        {
            _q = RandomPrime();
        }
        while (_q == _p);
        if (_p > _q)
        {
            (_p, _q) = (_q, _p);
        }

        var pq = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(pq, _p * _q);
        return new ResPQ { Nonce = nonce, ServerNonce = _serverNonce, Pq = pq, ServerPublicKeyFingerprints = [state.Key.Fingerprint] };
    }

    private ServerDHParamsOk DhParams(ReqDHParamsRequest r)
    {
        CheckNonces(r.Nonce, r.ServerNonce);
        if (r.PublicKeyFingerprint != state.Key.Fingerprint)
        {
            throw new InvalidDataException("unknown fingerprint");
        }

        var data = RsaPad.Decrypt(r.EncryptedData, state.Key.Modulus, state.PrivateExponent) ?? throw new InvalidDataException("RSA_PAD check failed");
        var inner = new TlReader(data).ReadObject();
        var (pq, p, q, nonce, serverNonce, newNonce) = inner switch
        {
            PQInnerDataDc d => (d.Pq, d.P, d.Q, d.Nonce, d.ServerNonce, d.NewNonce),
            PQInnerData d => (d.Pq, d.P, d.Q, d.Nonce, d.ServerNonce, d.NewNonce),
            _ => throw new InvalidDataException("unexpected p_q_inner_data"),
        };
        CheckNonces(nonce, serverNonce);
        if (DhChecks.FromBigEndian(p) != _p || DhChecks.FromBigEndian(q) != _q || DhChecks.FromBigEndian(pq) != (BigInteger)(_p * _q))
        {
            throw new InvalidDataException("wrong pq factorisation");
        }

        _newNonce = newNonce;
        var prime = DhChecks.FromBigEndian(DhPrime);
        BigInteger ga;
        do
        {
            _a = new BigInteger(RandomNumberGenerator.GetBytes(256), isUnsigned: true);
            ga = BigInteger.ModPow(3, _a, prime);
        }
        while (!InRange(ga, prime));
        var answer = new ServerDHInnerData
        {
            Nonce = _nonce!, ServerNonce = _serverNonce!, G = 3, DhPrime = DhPrime, GA = DhChecks.ToBigEndian(ga, 256),
            ServerTime = (int)state.NowSeconds,
        };
        var (key, iv) = AuthKeyMath.TmpAesKeyIv(_serverNonce!, newNonce);
        var enc = AesIge.Encrypt(AuthKeyMath.WithSha1AndPadding(answer.Serialize()), key, iv);
        return new ServerDHParamsOk { Nonce = _nonce!, ServerNonce = _serverNonce!, EncryptedAnswer = enc };
    }

    private TlObject SetClientParams(SetClientDHParamsRequest r)
    {
        CheckNonces(r.Nonce, r.ServerNonce);
        if (_newNonce is null)
        {
            throw new InvalidDataException("set_client_DH_params before req_DH_params");
        }

        var (key, iv) = AuthKeyMath.TmpAesKeyIv(_serverNonce!, _newNonce);
        var dec = AesIge.Decrypt(r.EncryptedData, key, iv);
        var inner = AuthKeyMath.VerifySha1Prefix(dec, m => { var rd = new TlReader(m); rd.ReadObject(); return rd.Position; });
        var client = (ClientDHInnerData)new TlReader(inner).ReadObject();
        CheckNonces(client.Nonce, client.ServerNonce);
        var prime = DhChecks.FromBigEndian(DhPrime);
        var gb = DhChecks.FromBigEndian(client.GB);
        DhChecks.CheckGx(gb, prime);
        var authKey = DhChecks.ToBigEndian(BigInteger.ModPow(gb, _a, prime), 256);
        var salt = AuthKeyMath.InitialSalt(_newNonce, _serverNonce!);
        if (!state.TryAddAuthKey(authKey, salt))
        {
            return new DhGenRetry { Nonce = _nonce!, ServerNonce = _serverNonce!, NewNonceHash2 = AuthKeyMath.NewNonceHash(_newNonce, 2, authKey) };
        }

        return new DhGenOk { Nonce = _nonce!, ServerNonce = _serverNonce!, NewNonceHash1 = AuthKeyMath.NewNonceHash(_newNonce, 1, authKey) };
    }

    private void CheckNonces(byte[] nonce, byte[] serverNonce)
    {
        if (_nonce is null || !nonce.AsSpan().SequenceEqual(_nonce) || !serverNonce.AsSpan().SequenceEqual(_serverNonce))
        {
            throw new InvalidDataException("handshake nonce mismatch");
        }
    }

    private static bool InRange(BigInteger gx, BigInteger p)
    {
        var bound = BigInteger.One << (2048 - 64);
        return gx > bound && gx < p - bound;
    }

    private static ulong RandomPrime()
    {
        while (true)
        {
            var c = (ulong)RandomNumberGenerator.GetInt32(1 << 30, int.MaxValue) | 1;
            if (DhChecks.IsProbablePrime(c, 16))
            {
                return c;
            }
        }
    }
}
