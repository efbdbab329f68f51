using Microsoft.Extensions.Logging.Abstractions;
using StreamVault.Simulation;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Vaults.Tests.Swarm;

/// <summary>Backend calls other than slice reads (a channel's messages by id) go through the same queues and budgets.</summary>
public sealed class SwarmCallTests
{
    [Fact]
    public void A_call_that_gets_flood_wait_benches_its_session_and_is_answered_by_another()
    {
        using var loop = new VirtualTimeLoop();
        var floody = new ScriptedSession("a", 2, loop);
        var calm = new ScriptedSession("b", 2, loop);
        using var swarm = new SessionSwarm("v", [floody, calm], new SwarmOptions { RequestsPerSecond = 1000, WindowLimit = 1000, Burst = 1000 }, loop, NullLogger.Instance);
        var callers = new List<string>();
        string? answer = null;
        SwarmSnapshot? after = null;

        loop.Run(async () =>
        {
            answer = await swarm.CallAsync(async (session, ct) =>
            {
                callers.Add(session.Id);
                await Task.Delay(TimeSpan.FromMilliseconds(50), loop, ct);
                return session.Id == "a" ? throw new FloodWaitException(TimeSpan.FromSeconds(30)) : "messages from " + session.Id;
            }, new SliceFetchTicket(SliceFetchPriority.ReadAhead), default);
            after = swarm.Snapshot();
        });

        // Ties go to the first session: "a" is asked first, floods, and the call moves to "b".
        Assert.Equal("messages from b", answer);
        Assert.Equal(["a", "b"], callers);
        var benched = Assert.Single(after!.Sessions, s => s.Id == "a");
        Assert.Equal(SessionState.Benched, benched.State);
        Assert.Equal(1, benched.FloodWaits);

        Assert.Equal(callers.Count, after.Sessions.Sum(s => s.Requests)); // each call was one request of a session's budget
    }

    [Fact]
    public void Calls_wait_for_budget_like_slices()
    {
        using var loop = new VirtualTimeLoop();
        var only = new ScriptedSession("a", 2, loop);
        using var swarm = new SessionSwarm("v", [only], new SwarmOptions { RequestsPerSecond = 2, Burst = 1, WindowLimit = 2 }, loop, NullLogger.Instance);
        var times = new List<DateTimeOffset>();

        loop.Run(async () =>
        {
            var calls = Enumerable.Range(0, 6).Select(_ => swarm.CallAsync((session, ct) =>
            {
                lock (times)
                {
                    times.Add(loop.GetUtcNow());
                }

                return ValueTask.FromResult(0);
            }, new SliceFetchTicket(SliceFetchPriority.Demand), default)).ToList();
            await Task.WhenAll(calls);
        }, TimeSpan.FromMinutes(1));

        Assert.Equal(6, times.Count);
        Assert.True(times.Max() - times.Min() >= TimeSpan.FromSeconds(2), $"six calls at 2 per second took {times.Max() - times.Min()}");
    }

    [Fact]
    public void A_call_that_keeps_failing_fails_with_the_vault_unavailable()
    {
        using var loop = new VirtualTimeLoop();
        using var swarm = new SessionSwarm("v", [new ScriptedSession("a", 2, loop)], new SwarmOptions { MaxAttempts = 2 }, loop, NullLogger.Instance);
        Exception? failure = null;

        loop.Run(async () =>
        {
            try
            {
                await swarm.CallAsync<int>((_, _) => throw new TransientBackendException("connection reset"), new SliceFetchTicket(SliceFetchPriority.Demand), default);
            }
            catch (VaultUnavailableException ex)
            {
                failure = ex;
            }
        }, TimeSpan.FromMinutes(1));

        Assert.IsType<VaultUnavailableException>(failure);
    }
}
