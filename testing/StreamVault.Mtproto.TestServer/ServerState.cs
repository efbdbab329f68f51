using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;
using StreamVault.Mtproto.Crypto;
using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto.TestServer;

internal sealed class AuthKeyInfo
{
    /// <summary>How long one server salt is valid; Telegram's salts live about an hour.</summary>
    public const int SaltLifetimeSeconds = 3600;

    /// <summary>The most salts get_future_salts hands out at once (Telegram's bound).</summary>
    public const int MaxFutureSalts = 64;

    /// <summary>The salt schedule from the current salt on: consecutive, non-overlapping windows.</summary>
    private readonly List<FutureSalt> _salts = [];
    private readonly Func<long> _newSalt;

    public AuthKeyInfo(byte[] key, long salt, long now, Func<long> newSalt)
    {
        Key = key;
        _newSalt = newSalt;
        ResetSalt(salt, now);
    }

    public byte[] Key { get; }

    /// <summary>Starts a new schedule whose first salt, valid from now, is <paramref name="salt"/>.</summary>
    public void ResetSalt(long salt, long now)
    {
        lock (_salts)
        {
            _salts.Clear();
            _salts.Add(new FutureSalt { Salt = salt, ValidSince = (int)now, ValidUntil = (int)now + SaltLifetimeSeconds });
        }
    }

    /// <summary>The salt valid at <paramref name="now"/>: the schedule moves on as its windows pass.</summary>
    public long CurrentSalt(long now) => FutureSalts(now, 1)[0].Salt;

    /// <summary>The current salt and the ones after it, <paramref name="count"/> in all (1 to <see cref="MaxFutureSalts"/>).</summary>
    public FutureSalt[] FutureSalts(long now, int count)
    {
        count = Math.Clamp(count, 1, MaxFutureSalts);
        lock (_salts)
        {
            while (_salts.Count > 0 && _salts[0].ValidUntil <= now)
            {
                _salts.RemoveAt(0);
            }

            while (_salts.Count < count)
            {
                var since = _salts.Count > 0 ? _salts[^1].ValidUntil : (int)now;
                _salts.Add(new FutureSalt { Salt = _newSalt(), ValidSince = since, ValidUntil = since + SaltLifetimeSeconds });
            }

            return [.. _salts.Take(count)];
        }
    }

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

    /// <summary>Every client msg_id this session received, with its msgs_state_info byte (received, acked or not needing an ack, answered).</summary>
    public readonly SortedDictionary<long, byte> MessageStates = [];
}

internal sealed class StoredDocument
{
    public long Id { get; init; }

    public long AccessHash { get; init; }

    public byte[] FileReference { get; set; } = [];

    public required byte[] Data { get; init; }

    public int DcId { get; init; }

    public string FileName { get; init; } = "";

    public string MimeType { get; init; } = "application/octet-stream";

    /// <summary>documentAttributeVideo as the poster's client set it; null for none.</summary>
    public TestVideo? Video { get; init; }

    public int Date { get; init; }
}

internal sealed class StoredMessage
{
    public int Id { get; init; }

    public int Date { get; init; }

    public StoredDocument? Document { get; init; }

    public string Text { get; set; } = "";

    public int? EditDate { get; set; }
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

    /// <summary>Accounts in the channel (members, admins): Telegram pushes its new, edited and deleted posts to them.</summary>
    public HashSet<long> Members { get; } = [];
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

    /// <summary>Service messages received per kind (msg_container, msgs_ack, ping, ...), for tests of what a client sent.</summary>
    public ConcurrentDictionary<string, int> ReceivedCounts { get; } = new();

    public void CountReceived(string kind) => ReceivedCounts.AddOrUpdate(kind, 1, (_, n) => n + 1);

    /// <summary>Open connections, for pushing updates to the accounts logged in on them.</summary>
    public ConcurrentDictionary<ServerConnection, byte> Connections { get; } = new();

    /// <summary>
    /// Pushes <paramref name="updates"/> (serialised now, in the server's layer) to every open connection of a member of
    /// <paramref name="channel"/> on that member's home DC, as Telegram pushes to a member's main session; the session
    /// whose own call caused it (<paramref name="author"/>) gets it in its answer instead. Called under <see cref="Sync"/>.
    /// </summary>
    public void Publish(StoredChannel channel, UpdatesBase updates, AuthKeyInfo? author = null)
    {
        var homes = channel.Members.Where(Users.ContainsKey).ToDictionary(id => id, id => Users[id].HomeDc);
        if (homes.Count == 0)
        {
            return;
        }

        var bytes = updates.Serialize();
        foreach (var connection in Connections.Keys)
        {
            connection.Push(homes, bytes, author);
        }
    }

    public long NextId() => BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue;

    public bool TryAddAuthKey(byte[] key, long salt) => AuthKeys.TryAdd(MtProtoKdf.AuthKeyId(key), new AuthKeyInfo(key, salt, NowSeconds, NextId));
}
