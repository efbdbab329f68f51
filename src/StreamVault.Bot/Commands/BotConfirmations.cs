using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace StreamVault.Bot.Commands;

/// <summary>
/// Destructive commands ask first: the request waits here under a short random key (it travels in the buttons'
/// callback data, which Telegram limits to 64 bytes) until someone presses Confirm or Cancel, or it expires. A key is
/// taken once, so a double press runs nothing twice.
/// </summary>
internal sealed class BotConfirmations(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (object Request, DateTimeOffset Expires)> _pending = new(StringComparer.Ordinal);

    public string Add(object request)
    {
        var now = time.GetUtcNow();
        foreach (var (key, value) in _pending)
        {
            if (value.Expires <= now)
            {
                _pending.TryRemove(key, out _);
            }
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        _pending[id] = (request, now + Lifetime);
        return id;
    }

    /// <summary>The request waiting under <paramref name="id"/>, removed; null when unknown, taken or expired.</summary>
    public T? Take<T>(string id)
        where T : class =>
        _pending.TryRemove(id, out var entry) && entry.Expires > time.GetUtcNow() ? entry.Request as T : null;
}
