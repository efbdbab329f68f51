using System.Numerics;
using System.Text;
using StreamVault.Mtproto.Crypto;

namespace StreamVault.Mtproto.Tests;

/// <summary>Every vector of mtproto_test_vectors.txt.</summary>
public class CryptoVectorTests
{
    private static readonly byte[] Key00ToFf = Hex.Seq(0, 256);

    [Fact]
    public void V2a_client_key_iv_derivation_x0()
    {
        var key = new byte[32];
        var iv = new byte[32];
        MtProtoKdf.DeriveKeyIv(Key00ToFf, Hex.Seq(0, 16), fromServer: false, key, iv);
        Assert.Equal("704ED09C8B41668AE8F99D244738F71DBDDC44469B6BBD4AA8573DD042BD059E", Hex.S(key));
        Assert.Equal("4D266000A550EDABBF4C7CE40FD0043CC92230184CD317A5CC9C2482FD3B9318", Hex.S(iv));
    }

    [Fact]
    public void V2a_server_key_iv_derivation_x8()
    {
        var key = new byte[32];
        var iv = new byte[32];
        MtProtoKdf.DeriveKeyIv(Key00ToFf, Hex.Seq(0, 16), fromServer: true, key, iv);
        Assert.Equal("217725799B245806458174A1FCFBC883906807B15033FDD0EA2B4D69CF9C364E", Hex.S(key));
        Assert.Equal("669A6538917A4FA56CA32360A431C9160BE4AD887140980DAB91CE7BDC47FFBC", Hex.S(iv));
    }

    [Fact]
    public void V2b_encrypt_data_v2_client_side()
    {
        var plain = Encoding.ASCII.GetBytes("Hello, world! This data should remain secure!");
        var output = MtProtoKdf.Encrypt(Key00ToFf, plain, fromServer: false, padding: new byte[19]);
        Assert.Equal(Hex.B("32d1586ea457dfc8a81729d46db54019a2bfd7f744f9b96c4f716cfdc4477db2a2c15f6ddb85235fb9552f1d8407c6aaea00cc844c5a1bf6ac44b79b5edc2a23868b3d6073a590992c0f2975243d563ea180d218ee757c9a"), output);
        Assert.Equal(Hex.B("32d1586ea457dfc8"), BitConverter.GetBytes(MtProtoKdf.AuthKeyId(Key00ToFf)));
        Assert.Equal(Hex.B("4916d6bdb7f78e68"), MtProtoKdf.AuxHash(Key00ToFf));
        // and the server side reverses it with x=0
        var back = MtProtoKdf.Decrypt(Key00ToFf, output, fromServer: false);
        Assert.Equal(plain, back.Span[..plain.Length].ToArray());
    }

    [Fact]
    public void V2c_decrypt_data_v2_server_to_client()
    {
        var authKey = Hex.B("5d2e7d65f49ec28bd029a88761ea27b8a4c79f12226525443e7d7c596ef3303530db2107e89aa997c7a0164ab694187adeff156bd6ef7118a1962347753c0e7e89a0354b8ec364f9997e71bc6923fb86e8e43491e010606a6ce845e2fa01940977ef0aa32adf5a97dbf6d428ec0434d717a2d3ad19622cc05887642113c7965ffb862a3e3ccb0ab95addda57f89245dbd76b492348f8e94bd5a7c0e0b84808523cfd1ea80b32fe9ad198bc2e103fceb7d52492ecc0273a28674bc923eee59265ab17a002df1f4aa2c59b819a5e5e1d105ec117336f5c76c6b187037d4b4270cee9cc21071d97e9bca220c6d7b01b998cf2e5cdb9a50ecda1852a36e635690c8e");
        var input = Hex.B("7a7183c2c10e4f4df945fa9a9abd35e7c3840b61f045304f39674c19c0e209784f50f6226a073529d675c92cbf0bfa8c99a79b3f39c72a5d9a026d431ab7407ca04ecc55187d6c45f17871524edd90cea02ed728e14d7cb18aea2a636158f09459a9437710d894c79f368c4e8164b7647ea98612aefe942c5d92121acb8db02dccceb66d0f8720ac12a06db0582bfd955be34f365118e3bab8cd080ce6b45b28eac56dcd2a29374e");
        var plain = MtProtoKdf.Decrypt(authKey, input, fromServer: true);
        Assert.Equal("FC826A02248B28FD60F2C4822443AD6801F0C1C2918B305E0200000058000000DCF8F1730200000001A8C1C2918B305E010000001C0000000809C29EC4FD33AD918B305E18A88EA607EE5816FC826A02248B28FD01CCC1C2918B305E0200000014000000C5737734C4FD33AD918B305E6408300000000000FCE66704A3CD8EE9D0AE6FAB672C60C04A3F1FD4490E51F6", Hex.S(plain.Span));
    }

    [Fact]
    public void V2c_tampered_packet_fails_msg_key_check()
    {
        var packet = MtProtoKdf.Encrypt(Key00ToFf, new byte[32], fromServer: true);
        packet[^1] ^= 1;
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => MtProtoKdf.Decrypt(Key00ToFf, packet, fromServer: true));
    }

    [Fact]
    public void V2d_tmp_key_from_nonces()
    {
        var (key, iv) = AuthKeyMath.TmpAesKeyIv(Hex.Seq(0, 16), Hex.Seq(0, 32));
        Assert.Equal("0758F1533B615D24F6E8A94A6FCBEE0A55EAAB2217D7295CA9213D1A2D7D16A6", Hex.S(key));
        Assert.Equal("5A84108E9805656CE864070E166E6218F6783E8511471A5AB7802CF200010203", Hex.S(iv));
    }

    [Fact]
    public void V2e_aes256_ige_encrypt_and_decrypt()
    {
        var x = Hex.Seq(0, 32);
        Assert.Equal("E28112A53E5C89C7B1EA8071C133699FD4E86B26C4BAC9FC5AF1AB8CE27A44A4", Hex.S(AesIge.Encrypt(x, x, x)));
        Assert.Equal("E5777AFACD7B2C16F7AC40CAE61EF603FEE6098FB8A8860AB9EE672CD7E5BACC", Hex.S(AesIge.Decrypt(x, x, x)));
    }

    [Theory]
    [InlineData(1470626929934143021UL, 1206429347UL, 1218991343UL)]
    [InlineData(2363612107535801713UL, 1518968219UL, 1556064227UL)]
    [InlineData(2804275833720261793UL, 1555252417UL, 1803100129UL)]
    [InlineData(1514134277173997537UL, 1054028803UL, 1436520779UL)]
    public void V2f_pq_factorization(ulong pq, ulong p, ulong q)
    {
        Assert.Equal((p, q), PqFactorizer.Factor(pq));
    }

    [Fact]
    public void V2g_rsa_pad_with_test_dc_key_and_one_retry()
    {
        var key = RsaPublicKey.ParsePem(Sample.Text("telegram_rsa_public_keys.txt"))[1];
        Assert.Equal(unchecked((long)0xB25898DF208D2603), key.Fingerprint);
        var data = Hex.B("955ff5a9081a8e635f5743de9b00000004453dc27100000004622f1fcb000000f7a81627bbf511fa4afef71e94a0937474586c1add9198dda81a5df8393871c8293623c5fb968894af1be7dfe9c7be813f9307789242fd0cb0c16a5cb39a8d3e");
        var random = Hex.B("12270000635593b03fee033d0672f9afddf9124de9e77df6251806cba93482e4c9e6e06e7d44e4c4baae821aff91af44789689faaee9bdfc7b2df8c08709afe57396c4638ceaa0dc30114f82447e81d3b53edc423b32660c43a5b8ad057b64500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000007dada0920c4973913229e0f881aec7b9db0c392d34f52fb0995ea493ecb4c09d");
        var enc = RsaPad.Encrypt(data, key.Modulus, key.Exponent, random);
        Assert.Equal("B610642A828B4A61FE32931815CAE318D311660580F1E0DF768F3140F4D37DFCFCAC0C2870318DE4FF2D2E0E9669BCFDC0BAD06CADB1B59D9726B427368A9C7B4FC0D5E7B2E99FC571968705C03ACF5341FD7021BEF653FA77B3776AE430E366FC46D232459EBE128B08D80E049AE579A48B56CA93B520709468587C81AF96666046E9EA85091D729E921E8D8A36F57B27644052DAE7387C7F4131701D59CDA75251DAC66C94276280EF950D3C44C21E5A2454F7DA7A6818CF23AE9C490B72B2170D7CBC24F8A93DB739D76F2D241C78B80123FAAFF3E664F074D6375D794DBF2800A0B5BB48D54ECEAFEDFB355BFBEBD287D9023264E3B53627888250787A9E", Hex.S(enc));
    }

    [Theory]
    [InlineData(0, 0u)]
    [InlineData(16, 2045698207u)]
    [InlineData(32, 2423540300u)]
    [InlineData(256, 525522475u)]
    [InlineData(1024, 1545267325u)]
    [InlineData(65536, 724143417u)]
    public void V3_tdlib_aes_ige_crc32(int length, uint expectedCrc)
    {
        var seed = (uint)length;
        byte Next() { seed = unchecked((seed * 123457567u) + 987651241u); return (byte)((seed >> 23) & 255); }
        var plain = new byte[length];
        for (var i = 0; i < length; i++)
        {
            plain[i] = Next();
        }

        var key = new byte[32];
        for (var i = 0; i < 32; i++)
        {
            key[i] = Next();
        }

        var iv = new byte[32];
        for (var i = 0; i < 32; i++)
        {
            iv[i] = Next();
        }

        var cipher = AesIge.Encrypt(plain, key, iv);
        Assert.Equal(expectedCrc, Crc32(cipher));
        Assert.Equal(plain, AesIge.Decrypt(cipher, key, iv));
    }

    [Fact]
    public void V4a_openssl_aes128_ige_encrypt()
    {
        var output = AesIge.Encrypt(new byte[32], Hex.Seq(0, 16), Hex.Seq(0, 32));
        Assert.Equal("1A8519A6557BE652E9DA8E43DA4EF4453CF456B4CA488AA383C79C98B34797CB", Hex.S(output));
    }

    [Fact]
    public void V4b_openssl_aes128_ige_decrypt()
    {
        var output = AesIge.Decrypt(
            Hex.B("4c2e204c6574277320686f70652042656e20676f74206974207269676874210a"),
            Hex.B("5468697320697320616e20696d706c65"),
            Hex.B("6d656e746174696f6e206f6620494745206d6f646520666f72204f70656e5353"));
        Assert.Equal("99706487A1CDE613BC6DE0B6F24B1C7AA448C8B9C3403E3467A8CAD89340F53B", Hex.S(output));
    }

    [Fact]
    public void Production_key_fingerprint_matches_sample_choice()
    {
        var keys = RsaPublicKey.ParsePem(Sample.Text("telegram_rsa_public_keys.txt"));
        Assert.Equal(2, keys.Count);
        Assert.Equal(unchecked((long)0xD09D1D85DE64FD85), keys[0].Fingerprint);
        Assert.Equal(2048, (int)keys[0].Modulus.GetBitLength());
        Assert.Equal(new BigInteger(65537), keys[0].Exponent);
    }

    [Fact]
    public void Rsa_pad_round_trips_through_private_key()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var prm = rsa.ExportParameters(true);
        var n = DhChecks.FromBigEndian(prm.Modulus);
        var data = Hex.Seq(5, 100);
        var enc = RsaPad.Encrypt(data, n, DhChecks.FromBigEndian(prm.Exponent));
        var back = RsaPad.Decrypt(enc, n, DhChecks.FromBigEndian(prm.D));
        Assert.NotNull(back);
        Assert.Equal(data, back[..100]);
        enc[100] ^= 0x40;
        Assert.Null(RsaPad.Decrypt(enc, n, DhChecks.FromBigEndian(prm.D)));
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}

public class AesPathTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void Aes_ni_and_framework_ecb_paths_agree(int length)
    {
        var data = ServerFixture.Data(length, length);
        var key = ServerFixture.Data(32, 3);
        var iv = ServerFixture.Data(32, 4);
        var fast = Crypto.AesIge.Encrypt(data, key, iv);
        byte[] slow;
        Crypto.AesIge.ForceFramework = true;
        try
        {
            slow = Crypto.AesIge.Encrypt(data, key, iv);
            Assert.Equal(data, Crypto.AesIge.Decrypt(slow, key, iv));
        }
        finally
        {
            Crypto.AesIge.ForceFramework = false;
        }
        Assert.Equal(slow, fast);
        Assert.Equal(data, Crypto.AesIge.Decrypt(fast, key, iv));
    }
}
