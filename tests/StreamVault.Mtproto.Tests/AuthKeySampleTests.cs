using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using StreamVault.Mtproto.Crypto;
using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto.Tests;

/// <summary>Every value of the official worked auth-key example (auth_key_sample.txt).</summary>
public class AuthKeySampleTests
{
    private static readonly byte[] Nonce = Hex.B("37D3746B7F006B2C54257AF5763139A5");
    private static readonly byte[] ServerNonce = Hex.B("1A320B7B03E28A32871E3E5EE3861063");
    private static readonly byte[] NewNonce = Hex.B("F05B0B293472632655CF5D74D7A20CB87D7DF1915A950EAA3401043ABC932842");

    private static (long MsgId, TlObject Body) Plain(byte[] packet)
    {
        var r = new TlReader(packet);
        Assert.Equal(0, r.ReadLong());
        var msgId = r.ReadLong();
        var len = r.ReadInt();
        Assert.Equal(packet.Length - 20, len);
        return (msgId, r.ReadObject());
    }

    private static byte[] PlainPacket(long msgId, TlObject body)
    {
        var w = new TlWriter();
        w.WriteLong(0);
        w.WriteLong(msgId);
        var b = body.Serialize();
        w.WriteInt(b.Length);
        w.WriteRaw(b);
        return w.ToArray();
    }

    [Fact]
    public void Step1_req_pq_multi_packet()
    {
        var packet = Sample.Dump(0);
        Assert.Equal(packet, PlainPacket(BinaryPrimitives.ReadInt64LittleEndian(Hex.B("ACA807005EDDDF68")), new ReqPqMultiRequest { Nonce = Nonce }));
        var (msgId, _) = Plain(packet);
        Assert.Equal(0, msgId % 4);
    }

    [Fact]
    public void Step2_resPQ_packet_and_pq_factorisation()
    {
        var (_, body) = Plain(Sample.Dump(1));
        var res = Assert.IsType<ResPQ>(body);
        Assert.Equal(Nonce, res.Nonce);
        Assert.Equal(ServerNonce, res.ServerNonce);
        var pq = BinaryPrimitives.ReadUInt64BigEndian(res.Pq);
        Assert.Equal(1514134277173997537UL, pq);
        var (p, q) = PqFactorizer.Factor(pq);
        Assert.Equal(1054028803UL, p);
        Assert.Equal(1436520779UL, q);
        Assert.Contains(unchecked((long)0xD09D1D85DE64FD85), res.ServerPublicKeyFingerprints);
    }

    [Fact]
    public void Step4_p_q_inner_data_dc_serialization()
    {
        var inner = new PQInnerDataDc
        {
            Pq = Hex.B("1503491A5532EFE1"), P = Hex.B("3ED33403"), Q = Hex.B("559F914B"),
            Nonce = Nonce, ServerNonce = ServerNonce, NewNonce = NewNonce, Dc = 2,
        };
        Assert.Equal(Sample.Value("data", 0), inner.Serialize());
        Assert.Equal(Sample.Dump(2), inner.Serialize());
        Assert.Equal(192 - inner.Serialize().Length, Sample.Value("random_padding_bytes").Length);
        Assert.Equal(256, Sample.Value("encrypted_data", 0).Length);
    }

    [Fact]
    public void Step5_req_DH_params_packet()
    {
        var (_, body) = Plain(Sample.Dump(3));
        var req = Assert.IsType<ReqDHParamsRequest>(body);
        Assert.Equal(Sample.Value("encrypted_data", 0), req.EncryptedData);
        Assert.Equal(unchecked((long)0xD09D1D85DE64FD85), req.PublicKeyFingerprint);
        Assert.Equal(Hex.B("3ED33403"), req.P);
    }

    [Fact]
    public void Step6_tmp_aes_key_and_iv()
    {
        var (key, iv) = AuthKeyMath.TmpAesKeyIv(ServerNonce, NewNonce);
        Assert.Equal(Sample.Value("tmp_aes_key", 0), key);
        Assert.Equal(Sample.Value("tmp_aes_iv", 0), iv);
        Assert.Equal(Sample.Value("tmp_aes_key", 1), key);
        Assert.Equal(Sample.Value("tmp_aes_iv", 1), iv);
    }

    [Fact]
    public void Step6_server_DH_params_ok_decrypts_to_answer()
    {
        var (_, body) = Plain(Sample.Dump(4));
        var ok = Assert.IsType<ServerDHParamsOk>(body);
        Assert.Equal(Sample.Value("encrypted_answer"), ok.EncryptedAnswer);
        var (key, iv) = AuthKeyMath.TmpAesKeyIv(ServerNonce, NewNonce);
        var decrypted = AesIge.Decrypt(ok.EncryptedAnswer, key, iv);
        Assert.Equal(Sample.Value("answer_with_hash"), decrypted);
        Assert.Equal(Sample.Value("answer"), decrypted[20..]);
        var inner = AuthKeyMath.VerifySha1Prefix(decrypted, m => { var r = new TlReader(m); r.ReadObject(); return r.Position; });
        Assert.Equal(564, inner.Length);
        Assert.Equal(Sample.Dump(5), inner.ToArray());
        var dh = Assert.IsType<ServerDHInnerData>(new TlReader(inner).ReadObject());
        Assert.Equal(3, dh.G);
        Assert.Equal(1759501662, dh.ServerTime);
        Assert.Equal(Nonce, dh.Nonce);
        var p = DhChecks.FromBigEndian(dh.DhPrime);
        DhChecks.CheckPrimeAndGenerator(p, dh.G);
        DhChecks.CheckGx(DhChecks.FromBigEndian(dh.GA), p);
    }

    private static ServerDHInnerData DhInner()
    {
        var (key, iv) = AuthKeyMath.TmpAesKeyIv(ServerNonce, NewNonce);
        var dec = AesIge.Decrypt(Sample.Value("encrypted_answer"), key, iv);
        return (ServerDHInnerData)new TlReader(dec.AsMemory(20)).ReadObject();
    }

    [Fact]
    public void Step7_g_b_and_client_DH_inner_data_encryption()
    {
        var dh = DhInner();
        var p = DhChecks.FromBigEndian(dh.DhPrime);
        var b = DhChecks.FromBigEndian(Sample.Value("b"));
        var gb = BigInteger.ModPow(dh.G, b, p);
        Assert.Equal(Sample.Value("g_b"), DhChecks.ToBigEndian(gb, 256));
        DhChecks.CheckGx(gb, p);
        var inner = new ClientDHInnerData { Nonce = Nonce, ServerNonce = ServerNonce, RetryId = 0, GB = DhChecks.ToBigEndian(gb, 256) };
        Assert.Equal(Sample.Value("data", 1), inner.Serialize());
        Assert.Equal(Sample.Dump(6), inner.Serialize());
        var (key, iv) = AuthKeyMath.TmpAesKeyIv(ServerNonce, NewNonce);
        var withHash = AuthKeyMath.WithSha1AndPadding(inner.Serialize(), Sample.Value("padding"));
        var enc = AesIge.Encrypt(withHash, key, iv);
        Assert.Equal(Sample.Value("encrypted_data", 1), enc);
        Assert.Equal(336, enc.Length);
        var (_, body) = Plain(Sample.Dump(7));
        Assert.Equal(enc, Assert.IsType<SetClientDHParamsRequest>(body).EncryptedData);
    }

    [Fact]
    public void Step8_auth_key_and_derived_values()
    {
        var dh = DhInner();
        var p = DhChecks.FromBigEndian(dh.DhPrime);
        var authKey = DhChecks.ToBigEndian(BigInteger.ModPow(DhChecks.FromBigEndian(dh.GA), DhChecks.FromBigEndian(Sample.Value("b")), p), 256);
        Assert.Equal(Sample.Value("auth_key"), authKey);
        Assert.Equal(-5970680513557267246, MtProtoKdf.AuthKeyId(authKey));
        Assert.Equal(Hex.B("d27c12fab4e123ad"), SHA1.HashData(authKey)[12..20]);
        Assert.Equal(Hex.B("3cb26e9a1d8c071f"), MtProtoKdf.AuxHash(authKey));
        Assert.Equal(1506894117605501418, AuthKeyMath.InitialSalt(NewNonce, ServerNonce));
        Assert.Equal(Hex.B("627F3FBC3BDEAD814E48507034515BA9"), AuthKeyMath.NewNonceHash(NewNonce, 1, authKey));
    }

    [Fact]
    public void Step9_dh_gen_ok_packet()
    {
        var (_, body) = Plain(Sample.Dump(8));
        var ok = Assert.IsType<DhGenOk>(body);
        Assert.Equal(AuthKeyMath.NewNonceHash(NewNonce, 1, Sample.Value("auth_key")), ok.NewNonceHash1);
    }

    [Fact]
    public void Dh_checks_reject_unsafe_values()
    {
        var p = DhChecks.FromBigEndian(DhInner().DhPrime);
        Assert.Throws<SecurityException>(() => DhChecks.CheckGx(BigInteger.One, p));
        Assert.Throws<SecurityException>(() => DhChecks.CheckGx(p - 1, p));
        Assert.Throws<SecurityException>(() => DhChecks.CheckGx(BigInteger.One << 1000, p));
        Assert.Throws<SecurityException>(() => DhChecks.CheckGx(p - (BigInteger.One << 100), p));
        Assert.Throws<SecurityException>(() => DhChecks.CheckPrimeAndGenerator(p, 2)); // p mod 8 != 7 for this prime
        Assert.Throws<SecurityException>(() => DhChecks.CheckPrimeAndGenerator(p + 2, 3));
        Assert.Throws<SecurityException>(() => DhChecks.CheckPrimeAndGenerator(p >> 1, 3));
    }
}

public class SafePrimeTests
{
    [Fact]
    public void Telegram_prime_is_proven_safe_by_miller_rabin()
    {
        var p = Crypto.DhChecks.TelegramPrime;
        Assert.True(Crypto.DhChecks.IsProbablePrime(p, 4));
        Assert.True(Crypto.DhChecks.IsProbablePrime((p - 1) / 2, 4));
        Assert.False(Crypto.DhChecks.IsProbablePrime(p + 2, 4));
        Assert.False(Crypto.DhChecks.IsProbablePrime(p * 3, 4));
    }
}
