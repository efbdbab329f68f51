namespace StreamVault.Mtproto.TestServer;

/// <summary>Scriptable misbehaviour of the fake Telegram, so clients can be tested against the errors real Telegram sends.</summary>
public sealed class TestServerFaults
{
    private readonly Lock _sync = new();
    private readonly Dictionary<int, Queue<UploadPartFault>> _partFaults = [];
    private readonly List<AnswerHold> _holds = [];
    private int _dropAfter = -1;

    /// <summary>More than this many API calls per auth key within <see cref="FloodWindow"/> answers 420 FLOOD_WAIT_X. 0 = off.</summary>
    public int FloodMaxCalls { get; set; }

    public TimeSpan FloodWindow { get; set; } = TimeSpan.FromSeconds(10);

    public int FloodWaitSeconds { get; set; } = 7;

    /// <summary>Methods the flood limiter counts (TL names such as "upload.getFile"); empty = all API methods.</summary>
    public HashSet<string> FloodMethods { get; } = [];

    /// <summary>Methods (TL names) the server accepts but never answers, to exercise client timeouts.</summary>
    public HashSet<string> UnansweredMethods { get; } = [];

    /// <summary>upload.getFile answers upload.fileCdnRedirect (to CDN DC <see cref="CdnDc"/>) instead of the bytes, as
    /// Telegram does for popular files when a client says it supports CDNs.</summary>
    public bool RedirectDownloadsToCdn { get; set; }

    /// <summary>The CDN DC a redirected download is sent to.</summary>
    public int CdnDc { get; set; } = 203;

    /// <summary>
    /// The next answer to <paramref name="method"/> (TL name, e.g. "upload.getFile") is held back until the returned
    /// hold is released; the connection waits with it, so answers to later calls on that connection come after it.
    /// A client's timeout or cancellation can then end the call first and the answer arrives late.
    /// </summary>
    public AnswerHold HoldNextAnswer(string method)
    {
        var hold = new AnswerHold(method);
        lock (_sync)
        {
            _holds.Add(hold);
        }

        return hold;
    }

    /// <summary>The hold waiting for this answer to <paramref name="method"/>, taken (one-shot); null answers at once.</summary>
    internal AnswerHold? TakeHold(string method)
    {
        lock (_sync)
        {
            var hold = _holds.Find(h => h.Method == method);
            if (hold is not null)
            {
                _holds.Remove(hold);
            }

            return hold;
        }
    }

    /// <summary>DC that newly uploaded documents are stored on (null = the DC that received the upload).</summary>
    public int? DocumentsDc { get; set; }

    /// <summary>The next connection to reach this many API calls is dropped before answering the last one (one-shot).</summary>
    public void DropConnectionAfterCalls(int calls) => Volatile.Write(ref _dropAfter, calls);

    /// <summary>The next <paramref name="times"/> arrivals of upload part <paramref name="part"/> (saveFilePart or
    /// saveBigFilePart, zero-based) answer rpc_error <paramref name="code"/> <paramref name="message"/> (e.g. 420
    /// FLOOD_WAIT_3, 500 INTERNAL) instead of storing the part.</summary>
    public void FailUploadPart(int part, int code, string message, int times = 1) => AddPartFault(part, new UploadPartFault(code, message), times);

    /// <summary>The next <paramref name="times"/> arrivals of upload part <paramref name="part"/> drop the connection
    /// before they are answered (the part is not stored).</summary>
    public void DropConnectionOnUploadPart(int part, int times = 1) => AddPartFault(part, new UploadPartFault(0, null), times);

    private void AddPartFault(int part, UploadPartFault fault, int times)
    {
        lock (_sync)
        {
            if (!_partFaults.TryGetValue(part, out var queue))
            {
                _partFaults[part] = queue = new Queue<UploadPartFault>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    /// <summary>Takes the next scripted fault for this arrival of <paramref name="part"/>; drops when <paramref name="drop"/> is true.</summary>
    internal UploadPartFault? TakeUploadPartFault(int part, bool drop)
    {
        lock (_sync)
        {
            if (!_partFaults.TryGetValue(part, out var queue) || queue.Count == 0 || (queue.Peek().Message is null) != drop)
            {
                return null;
            }

            return queue.Dequeue();
        }
    }

    internal bool ShouldDrop(int callsOnConnection)
    {
        var n = Volatile.Read(ref _dropAfter);
        return n > 0 && callsOnConnection >= n && Interlocked.CompareExchange(ref _dropAfter, -1, n) == n;
    }
}

/// <summary>A scripted answer to one upload part: an rpc_error, or (Message null) a dropped connection.</summary>
internal sealed record UploadPartFault(int Code, string? Message);

/// <summary>One answer held back by <see cref="TestServerFaults.HoldNextAnswer"/>.</summary>
public sealed class AnswerHold
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal AnswerHold(string method) => Method = method;

    public string Method { get; }

    /// <summary>Completes when the server has the answer ready and starts holding it.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Sends the held answer (and lets the connection carry on).</summary>
    public void Release() => _released.TrySetResult();

    internal Task HoldAsync(CancellationToken ct)
    {
        _reached.TrySetResult();
        return _released.Task.WaitAsync(ct);
    }
}
