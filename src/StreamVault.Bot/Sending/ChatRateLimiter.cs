using System.Collections.Concurrent;

namespace StreamVault.Bot.Sending;

/// <summary>
/// Keeps the bot under Telegram's per-chat limits — about one message a second in a private chat, twenty a minute in a
/// group, edits included — so it never earns a 429. Sends to one chat go one at a time, and each slot is counted from
/// the moment Telegram's answer came back: Telegram counted the message when it arrived, which is no later than that, so
/// the next one arrives a full interval after it however long the request took on the way.
/// </summary>
internal sealed class ChatRateLimiter(TimeProvider time)
{
    public static readonly TimeSpan PrivateInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan GroupWindow = TimeSpan.FromMinutes(1);
    public const int GroupMessagesPerWindow = 20;

    private readonly ConcurrentDictionary<long, Chat> _chats = new();

    /// <summary>Waits for the chat's next slot; dispose the lease once Telegram has answered.</summary>
    public async Task<Lease> AcquireAsync(long chatId, CancellationToken cancellationToken)
    {
        var chat = _chats.GetOrAdd(chatId, id => new Chat(id > 0 ? 1 : GroupMessagesPerWindow, id > 0 ? PrivateInterval : GroupWindow));
        await chat.Turn.WaitAsync(cancellationToken);
        try
        {
            var wait = chat.WaitBefore(time.GetUtcNow());
            if (wait > TimeSpan.Zero)
            {
                // Timers count whole milliseconds and cut the rest off: 999.6 ms would send 0.6 ms early, and the
                // message would arrive inside the last one's second. Round up instead.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), time, cancellationToken);
            }

            return new Lease(chat, time);
        }
        catch
        {
            chat.Turn.Release();
            throw;
        }
    }

    /// <summary>Telegram said to wait: no message to this chat before <paramref name="until"/>.</summary>
    public void Bench(long chatId, DateTimeOffset until)
    {
        if (_chats.TryGetValue(chatId, out var chat))
        {
            chat.BenchUntil(until);
        }
    }

    internal sealed class Chat(int allowed, TimeSpan window)
    {
        private readonly Queue<DateTimeOffset> _sent = new();
        private DateTimeOffset _benchedUntil;

        public SemaphoreSlim Turn { get; } = new(1, 1);

        /// <summary>Called with <see cref="Turn"/> held.</summary>
        public TimeSpan WaitBefore(DateTimeOffset now)
        {
            while (_sent.Count > 0 && _sent.Peek() + window <= now)
            {
                _sent.Dequeue();
            }

            var free = _sent.Count < allowed ? now : _sent.Peek() + window;
            var next = free > _benchedUntil ? free : _benchedUntil;
            return next - now;
        }

        public void Record(DateTimeOffset answeredAt)
        {
            _sent.Enqueue(answeredAt);
            while (_sent.Count > allowed)
            {
                _sent.Dequeue();
            }
        }

        public void BenchUntil(DateTimeOffset until)
        {
            if (until > _benchedUntil)
            {
                _benchedUntil = until;
            }
        }
    }

    /// <summary>One send's hold on its chat. <see cref="Dispose"/> counts it (as of now) and lets the next one go;
    /// <see cref="Refused"/> first when Telegram did not take the message.</summary>
    internal sealed class Lease(Chat chat, TimeProvider time) : IDisposable
    {
        private bool _counted = true;
        private bool _disposed;

        public void Refused() => _counted = false;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_counted)
            {
                chat.Record(time.GetUtcNow());
            }

            chat.Turn.Release();
        }
    }
}
