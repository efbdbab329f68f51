using StreamVault.Vaults.Swarm;

namespace StreamVault.Vaults.Tests.Swarm;

/// <summary>A backend session whose answers a test scripts, recording when each call arrived.</summary>
internal sealed class ScriptedSession(string id, int dc, TimeProvider time, Func<int, Exception?>? script = null) : ISliceBackendSession
{
    public string Id => id;

    public int Dc => dc;

    public List<(DateTimeOffset At, string Locator, long Offset)> Calls { get; } = [];

    public async ValueTask<int> GetSliceAsync(string locator, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        Calls.Add((time.GetUtcNow(), locator, offset));
        await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        if (script?.Invoke(Calls.Count) is { } error)
        {
            throw error;
        }

        destination.Span.Fill((byte)(offset / 4096));
        return destination.Length;
    }

    public ValueTask RefreshFileReferenceAsync(string locator, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
