using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using StreamVault.Mtproto.Crypto;
using StreamVault.Mtproto.Tl;
using StreamVault.Mtproto.Transport;

namespace StreamVault.Mtproto.Protocol;

/// <summary>Result of the DH handshake: a permanent auth key plus the first salt and the server clock.</summary>
public sealed record AuthKeyResult(byte[] AuthKey, long Salt, long ServerTimeOffset);

/// <summary>Client side of auth-key creation (core.telegram.org/mtproto/auth_key), over plain messages.</summary>
public static class AuthKeyExchange
{
    public static async Task<AuthKeyResult> CreateAsync(MtTransport transport, IReadOnlyList<RsaPublicKey> keys, int dcId, MsgIdClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(clock);
        var nonce = RandomNumberGenerator.GetBytes(16);
        var resPq = Expect<ResPQ>(await CallAsync(transport, clock, new ReqPqMultiRequest { Nonce = nonce }, ct).ConfigureAwait(false));
        if (!resPq.Nonce.AsSpan().SequenceEqual(nonce))
        {
            throw new SecurityException("resPQ nonce mismatch");
        }

        var key = keys.FirstOrDefault(k => resPq.ServerPublicKeyFingerprints.Contains(k.Fingerprint))
            ?? throw new SecurityException("server offers no RSA key we know");
        var pqValue = DhChecks.FromBigEndian(resPq.Pq);
        if (pqValue.GetBitLength() > 63)
        {
            throw new SecurityException("pq too large");
        }

        var (p, q) = PqFactorizer.Factor((ulong)pqValue);
        var pBytes = BigEndianTrimmed(p);
        var qBytes = BigEndianTrimmed(q);
        var newNonce = RandomNumberGenerator.GetBytes(32);
        var inner = new PQInnerDataDc
        {
            Pq = resPq.Pq, P = pBytes, Q = qBytes, Nonce = nonce, ServerNonce = resPq.ServerNonce, NewNonce = newNonce, Dc = dcId,
        };
        var encrypted = RsaPad.Encrypt(inner.Serialize(), key.Modulus, key.Exponent);
        var dhParams = await CallAsync(transport, clock, new ReqDHParamsRequest
        {
            Nonce = nonce, ServerNonce = resPq.ServerNonce, P = pBytes, Q = qBytes, PublicKeyFingerprint = key.Fingerprint, EncryptedData = encrypted,
        }, ct).ConfigureAwait(false);
        var ok = Expect<ServerDHParamsOk>(dhParams);
        CheckNonces(ok.Nonce, ok.ServerNonce, nonce, resPq.ServerNonce);
        var (tmpKey, tmpIv) = AuthKeyMath.TmpAesKeyIv(resPq.ServerNonce, newNonce);
        if (ok.EncryptedAnswer.Length % 16 != 0)
        {
            throw new SecurityException("encrypted_answer is not block aligned");
        }

        var answer = AesIge.Decrypt(ok.EncryptedAnswer, tmpKey, tmpIv);
        var innerBytes = AuthKeyMath.VerifySha1Prefix(answer, m => { var r = new TlReader(m); r.ReadObject(); return r.Position; });
        var dh = Expect<ServerDHInnerData>(new TlReader(innerBytes).ReadObject());
        CheckNonces(dh.Nonce, dh.ServerNonce, nonce, resPq.ServerNonce);
        var prime = DhChecks.FromBigEndian(dh.DhPrime);
        DhChecks.CheckPrimeAndGenerator(prime, dh.G);
        var ga = DhChecks.FromBigEndian(dh.GA);
        DhChecks.CheckGx(ga, prime);
        var offset = dh.ServerTime - (clock.ServerNowSeconds - clock.OffsetSeconds);
        clock.OffsetSeconds = offset;

        long retryId = 0;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            BigInteger b, gb;
            do
            {
                b = new BigInteger(RandomNumberGenerator.GetBytes(256), isUnsigned: true);
                gb = BigInteger.ModPow(dh.G, b, prime);
            }
            while (!InRange(gb, prime));
            var authKey = DhChecks.ToBigEndian(BigInteger.ModPow(ga, b, prime), 256);
            var clientInner = new ClientDHInnerData { Nonce = nonce, ServerNonce = resPq.ServerNonce, RetryId = retryId, GB = DhChecks.ToBigEndian(gb, 256) };
            var data = AesIge.Encrypt(AuthKeyMath.WithSha1AndPadding(clientInner.Serialize()), tmpKey, tmpIv);
            var answerObj = await CallAsync(transport, clock, new SetClientDHParamsRequest { Nonce = nonce, ServerNonce = resPq.ServerNonce, EncryptedData = data }, ct).ConfigureAwait(false);
            switch (answerObj)
            {
                case DhGenOk gen:
                    CheckNonces(gen.Nonce, gen.ServerNonce, nonce, resPq.ServerNonce);
                    if (!gen.NewNonceHash1.AsSpan().SequenceEqual(AuthKeyMath.NewNonceHash(newNonce, 1, authKey)))
                    {
                        throw new SecurityException("new_nonce_hash1 mismatch");
                    }

                    return new AuthKeyResult(authKey, AuthKeyMath.InitialSalt(newNonce, resPq.ServerNonce), offset);
                case DhGenRetry retry:
                    if (!retry.NewNonceHash2.AsSpan().SequenceEqual(AuthKeyMath.NewNonceHash(newNonce, 2, authKey)))
                    {
                        throw new SecurityException("new_nonce_hash2 mismatch");
                    }

                    retryId = BinaryPrimitives.ReadInt64LittleEndian(MtProtoKdf.AuxHash(authKey));
                    break;
                default:
                    throw new SecurityException("server refused the DH parameters");
            }
        }
        throw new SecurityException("too many dh_gen_retry answers");
    }

    private static bool InRange(BigInteger gx, BigInteger p)
    {
        try
        {
            DhChecks.CheckGx(gx, p);
            return true;
        }
        catch (SecurityException)
        {
            return false;
        }
    }

    private static byte[] BigEndianTrimmed(ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, v);
        return b.AsSpan().TrimStart((byte)0).ToArray();
    }

    private static void CheckNonces(byte[] n, byte[] sn, byte[] nonce, byte[] serverNonce)
    {
        if (!n.AsSpan().SequenceEqual(nonce) || !sn.AsSpan().SequenceEqual(serverNonce))
        {
            throw new SecurityException("handshake nonce mismatch");
        }
    }

    private static T Expect<T>(TlObject o) where T : TlObject
        => o as T ?? throw new SecurityException($"unexpected handshake answer {o.GetType().Name}");

    private static async Task<TlObject> CallAsync(MtTransport transport, MsgIdClock clock, TlObject request, CancellationToken ct)
    {
        await transport.SendAsync(MessageCodec.EncodePlain(clock.Next(), request.Serialize()), ct).ConfigureAwait(false);
        using var frame = await transport.ReceiveAsync(ct).ConfigureAwait(false);
        var (_, body) = MessageCodec.DecodePlain(frame.Memory);
        return new TlReader(body.ToArray()).ReadObject();
    }
}
