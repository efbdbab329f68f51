namespace StreamVault.Mtproto.Protocol;

/// <summary>
/// msg_id = unixtime·2^32 + sub-second fraction, strictly increasing. Clients use ≡0 mod 4; server
/// responses ≡1 and other server messages ≡3.
/// </summary>
public sealed class MsgIdClock(TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _last;

    /// <summary>Seconds added to local time so msg_ids match the server clock (learned from server msg_ids).</summary>
    public long OffsetSeconds { get; set; }

    public long ServerNowSeconds => time.GetUtcNow().ToUnixTimeSeconds() + OffsetSeconds;

    public long Next(int residue = 0)
    {
        var now = time.GetUtcNow();
        var ms = now.ToUnixTimeMilliseconds() + (OffsetSeconds * 1000);
        var id = ((ms / 1000) << 32) | ((ms % 1000) * 4294967L);
        id = (id & ~3L) | (uint)residue;
        lock (_lock)
        {
            if (id <= _last)
            {
                id = ((_last + 4) & ~3L) | (uint)residue;
            }

            _last = id;
            return id;
        }
    }

    public static long SecondsOf(long msgId) => msgId >> 32;

    /// <summary>Adopts the server's clock from one of its msg_ids (bad_msg_notification 16/17).</summary>
    public void SyncTo(long serverMsgId)
    {
        OffsetSeconds = SecondsOf(serverMsgId) - time.GetUtcNow().ToUnixTimeSeconds();
        lock (_lock)
        {
            _last = 0;
        }
    }
}
