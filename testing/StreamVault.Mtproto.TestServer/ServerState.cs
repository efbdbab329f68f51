using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;
using StreamVault.Mtproto.Crypto;

namespace StreamVault.Mtproto.TestServer;

internal sealed class AuthKeyInfo(byte[] key, long salt)
{
    public byte[] Key { get; } = key;

    public long Salt { get; set; } = salt;

    public long? UserId { get; set; }

    public long? PendingPasswordUser { get; set; }

    public (long Id, byte[] B, byte[] SrpB)? Srp { get; set; }

    public ConcurrentDictionary<long, ServerSession> Sessions { get; } = new();

    /// <summary>Request times for the flood limiter.</summary>
    public Queue<long> RecentCalls { get; } = new();
}

internal sealed class ServerSession(long id)
{
    public long Id { get; } = id;

    public int ContentCount;

    public readonly HashSet<long> SeenMsgIds = [];
}

internal sealed class StoredDocument
{
    public long Id { get; init; }

    public long AccessHash { get; init; }

    public byte[] FileReference { get; set; } = [];

    public required byte[] Data { get; init; }

    public int DcId { get; init; }

    public string FileName { get; init; } = "";

    public int Date { get; init; }
}

internal sealed class StoredMessage
{
    public int Id { get; init; }

    public int Date { get; init; }

    public StoredDocument? Document { get; init; }

    public string Text { get; init; } = "";
}

internal sealed class StoredChannel
{
    public long Id { get; init; }

    public long AccessHash { get; init; }

    public string Username { get; init; } = "";

    public string Title { get; init; } = "";

    public int NextMessageId = 1;

    public int Pts = 1;

    public SortedDictionary<int, StoredMessage> Messages { get; } = [];
}

internal sealed class StoredUser
{
    public long Id { get; init; }

    public long AccessHash { get; init; }

    public bool Bot { get; init; }

    public string FirstName { get; init; } = "";

    public string? Phone { get; init; }

    public int HomeDc { get; init; } = 1;

    public string? Code { get; set; }

    public string? Password { get; init; }

    public byte[] SrpSalt1 { get; } = RandomNumberGenerator.GetBytes(16);

    public byte[] SrpSalt2 { get; } = RandomNumberGenerator.GetBytes(16);
}

/// <summary>Everything the fake Telegram remembers, shared by all DCs of one <see cref="TestServer"/>.</summary>
internal sealed class ServerState
{
    public ServerState(RSA rsa, TimeProvider time)
    {
        var p = rsa.ExportParameters(true);
        Key = new RsaPublicKey(p.Modulus!, p.Exponent!);
        PrivateExponent = DhChecks.FromBigEndian(p.D!);
        Time = time;
    }

    public Lock Sync { get; } = new();

    public RsaPublicKey Key { get; }

    public BigInteger PrivateExponent { get; }

    public TimeProvider Time { get; }

    public TimeSpan ClockSkew { get; set; }

    public long NowSeconds => (Time.GetUtcNow() + ClockSkew).ToUnixTimeSeconds();

    public ConcurrentDictionary<long, AuthKeyInfo> AuthKeys { get; } = new();

    public Dictionary<string, StoredUser> BotsByToken { get; } = [];

    public Dictionary<string, StoredUser> UsersByPhone { get; } = [];

    public Dictionary<long, StoredUser> Users { get; } = [];

    public Dictionary<long, StoredChannel> Channels { get; } = [];

    public Dictionary<long, StoredDocument> Documents { get; } = [];

    public Dictionary<(long Owner, long FileId), SortedDictionary<int, byte[]>> Uploads { get; } = [];

    public Dictionary<long, (long UserId, byte[] Bytes)> Exported { get; } = [];

    public TestServerFaults Faults { get; } = new();

    public Dictionary<int, System.Net.IPEndPoint> Endpoints { get; } = [];

    public ConcurrentDictionary<string, int> CallCounts { get; } = new();

    /// <summary>Every upload part call as it arrived (failed ones included), with the server clock's time.</summary>
    public ConcurrentQueue<UploadPartArrival> UploadPartArrivals { get; } = new();

    public long NextId() => BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue;

    public bool TryAddAuthKey(byte[] key, long salt) => AuthKeys.TryAdd(MtProtoKdf.AuthKeyId(key), new AuthKeyInfo(key, salt));
}
