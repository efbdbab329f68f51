namespace StreamVault.Mtproto.TestServer;

/// <summary>Scriptable misbehaviour of the fake Telegram, so clients can be tested against the errors real Telegram sends.</summary>
public sealed class TestServerFaults
{
    private int _dropAfter = -1;

    /// <summary>More than this many API calls per auth key within <see cref="FloodWindow"/> answers 420 FLOOD_WAIT_X. 0 = off.</summary>
    public int FloodMaxCalls { get; set; }

    public TimeSpan FloodWindow { get; set; } = TimeSpan.FromSeconds(10);

    public int FloodWaitSeconds { get; set; } = 7;

    /// <summary>Methods the flood limiter counts (TL names such as "upload.getFile"); empty = all API methods.</summary>
    public HashSet<string> FloodMethods { get; } = [];

    /// <summary>Methods (TL names) the server accepts but never answers, to exercise client timeouts.</summary>
    public HashSet<string> UnansweredMethods { get; } = [];

    /// <summary>DC that newly uploaded documents are stored on (null = the DC that received the upload).</summary>
    public int? DocumentsDc { get; set; }

    /// <summary>The next connection to reach this many API calls is dropped before answering the last one (one-shot).</summary>
    public void DropConnectionAfterCalls(int calls) => Volatile.Write(ref _dropAfter, calls);

    internal bool ShouldDrop(int callsOnConnection)
    {
        var n = Volatile.Read(ref _dropAfter);
        return n > 0 && callsOnConnection >= n && Interlocked.CompareExchange(ref _dropAfter, -1, n) == n;
    }
}
