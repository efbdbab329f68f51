using Microsoft.Extensions.Logging.Abstractions;
using StreamVault.Simulation;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Vaults.Tests.Swarm;

public sealed class SessionSwarmTests
{
    private const int Slice = 1024 * 1024;

    [Fact]
    public void A_flood_wait_benches_the_session_for_at_least_its_seconds_and_the_request_fails_over()
    {
        using var loop = new VirtualTimeLoop();
        var floody = new ScriptedSession("a", 2, loop, call => call == 1 ? new FloodWaitException(TimeSpan.FromSeconds(7)) : null);
        var calm = new ScriptedSession("b", 2, loop);
        using var swarm = new SessionSwarm("v", [floody, calm], new SwarmOptions { RequestsPerSecond = 1000, WindowLimit = 1000, Burst = 1000 }, loop, NullLogger.Instance);
        var buffer = new byte[4096];
        SwarmSnapshot? during = null;

        loop.Run(async () =>
        {
            // Keep both sessions busy for 20 virtual seconds.
            var fetches = new List<Task>();
            for (var i = 0; i < 200; i++)
            {
                fetches.Add(swarm.FetchAsync("f", (long)i * Slice, buffer, new SliceFetchTicket(SliceFetchPriority.Demand), default));
                if (i == 10)
                {
                    during = swarm.Snapshot();
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), loop);
            }

            await Task.WhenAll(fetches);
        });

        var floodAnswered = floody.Calls[0].At + TimeSpan.FromMilliseconds(100);
        Assert.True(floody.Calls.Count > 1, "the session is used again after its bench");
        Assert.True(floody.Calls[1].At - floodAnswered >= TimeSpan.FromSeconds(7), $"used again after {floody.Calls[1].At - floodAnswered}");
        Assert.Contains(calm.Calls, c => c.Offset == 0); // the flooded request went to the other session
        var benched = Assert.Single(during!.Sessions, s => s.Id == "a");
        Assert.Equal(SessionState.Benched, benched.State);
        Assert.True(benched.BenchedUntil >= floodAnswered + TimeSpan.FromSeconds(7));
        Assert.Equal(1, benched.FloodWaits);
    }

    [Fact]
    public void A_queued_fetch_is_dispatched_after_a_flood_wait_even_when_the_timer_fires_early()
    {
        // One session, benched 3 s by its first answer, and timers that fire before the bench is over: the swarm must
        // keep re-arming until the bench has passed, then send the fetch (it used to wait forever).
        using var loop = new VirtualTimeLoop();
        var session = new ScriptedSession("a", 2, loop, call => call == 1 ? new FloodWaitException(TimeSpan.FromSeconds(3)) : null);
        using var swarm = new SessionSwarm("v", [session], new SwarmOptions(), new EarlyTimerClock(loop), NullLogger.Instance);
        var buffer = new byte[4096];

        loop.Run(() => swarm.FetchAsync("f", 8192, buffer, new SliceFetchTicket(SliceFetchPriority.Demand), default), TimeSpan.FromMinutes(1));

        Assert.Equal(2, session.Calls.Count);
        var floodAnswered = session.Calls[0].At + TimeSpan.FromMilliseconds(100);
        Assert.InRange(session.Calls[1].At - floodAnswered, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3.5));
        Assert.All(buffer, b => Assert.Equal(2, b)); // the script fills with offset / 4096
    }

    [Fact]
    public void A_session_configured_above_its_real_limit_slows_down_after_flood_waits_instead_of_earning_more()
    {
        // Telegram grants this session 10 requests a second; the swarm was told 30. 1,500 fetches wait at once. The
        // simulated server doubles each repeat offender's wait (4 s up to 64 s), as Telegram lengthens them.
        var adaptive = Saturate(floodBackoff: 0.7);
        var fixedRate = Saturate(floodBackoff: 1);

        Assert.Equal(0, adaptive.Failed);
        Assert.Equal(1, adaptive.Floods); // the first burst finds the limit; the session then stays under it
        Assert.InRange(adaptive.Rate, 1, 10);
        Assert.True(fixedRate.Floods >= 20, $"fixed rate: {fixedRate.Floods} FLOOD_WAITs");
        Assert.Equal(30, fixedRate.Rate);
        Assert.True(adaptive.Took * 5 <= fixedRate.Took, $"adaptive took {adaptive.Took}, fixed {fixedRate.Took}");
    }

    private static (long Floods, double Rate, TimeSpan Took, int Failed) Saturate(double floodBackoff)
    {
        using var loop = new VirtualTimeLoop();
        var options = new SimulatedTelegramOptions { Sessions = 1, FloodLimitPerSecond = 10, Swarm = new SwarmOptions { FloodBackoff = floodBackoff } };
        using var vault = new SimulatedTelegramVault(options, loop, NullLogger.Instance);
        vault.Server.AddSynthetic("f", 1500L * Slice, seed: 9);
        var start = loop.GetUtcNow();
        var failed = loop.Run(async () =>
        {
            var fetches = Enumerable.Range(0, 1500)
                .Select(i => vault.Swarm.FetchAsync("f", (long)i * Slice, new byte[4096], new SliceFetchTicket(SliceFetchPriority.Demand), default))
                .ToList();
            await Task.WhenAll(fetches).ContinueWith(_ => { }, TaskScheduler.Default);
            return fetches.Count(f => !f.IsCompletedSuccessfully);
        }, TimeSpan.FromHours(6));
        var session = Assert.Single(vault.Swarm.Snapshot().Sessions);
        return (vault.Server.Counters.FloodWaitsIssued, session.RequestsPerSecond, loop.GetUtcNow() - start, failed);
    }

    [Fact]
    public void Demand_goes_before_read_ahead_when_budget_is_tight_and_escalation_moves_a_guess_forward()
    {
        using var loop = new VirtualTimeLoop();
        var session = new ScriptedSession("a", 2, loop);
        using var swarm = new SessionSwarm("v", [session], new SwarmOptions { RequestsPerSecond = 1, Burst = 1, ReadAheadReserve = 0 }, loop, NullLogger.Instance);

        loop.Run(async () =>
        {
            var first = swarm.FetchAsync("f", 0, new byte[4096], new SliceFetchTicket(SliceFetchPriority.Demand), default); // spends the token
            var guesses = Enumerable.Range(1, 3).Select(i => (Ticket: new SliceFetchTicket(SliceFetchPriority.ReadAhead), Offset: (long)i * Slice)).ToList();
            var ahead = guesses.Select(g => swarm.FetchAsync("f", g.Offset, new byte[4096], g.Ticket, default)).ToList();
            var demand = swarm.FetchAsync("f", 9L * Slice, new byte[4096], new SliceFetchTicket(SliceFetchPriority.Demand), default);
            guesses[2].Ticket.Escalate(); // a viewer now waits on the third guess
            await Task.WhenAll([first, demand, .. ahead]);
        });

        Assert.Equal([0L, 9L * Slice, 3L * Slice, 1L * Slice, 2L * Slice], session.Calls.Select(c => c.Offset));
    }

    [Fact]
    public void Fetches_go_by_due_time_whoever_waits_and_a_nearer_viewer_moves_one_forward()
    {
        using var loop = new VirtualTimeLoop();
        var session = new ScriptedSession("a", 2, loop);
        using var swarm = new SessionSwarm("v", [session], new SwarmOptions { RequestsPerSecond = 1, Burst = 1, ReadAheadReserve = 0 }, loop, NullLogger.Instance);

        loop.Run(async () =>
        {
            var now = loop.GetUtcNow().UtcTicks;
            long In(int seconds) => now + (seconds * TimeSpan.TicksPerSecond);
            var first = swarm.FetchAsync("f", 0, new byte[4096], new SliceFetchTicket(SliceFetchPriority.Demand), default); // spends the token
            // In arrival order: guesses for a viewer far ahead, one with no estimate, one about to run dry and one at
            // 10 s; a reader that waits but whose player holds 15 s; a guess at 30 s.
            var tickets = new (long Slice, SliceFetchTicket Ticket)[]
            {
                (1, new(SliceFetchPriority.ReadAhead, In(20))),
                (2, new(SliceFetchPriority.ReadAhead)),
                (3, new(SliceFetchPriority.ReadAhead, In(2))),
                (4, new(SliceFetchPriority.ReadAhead, In(10))),
                (5, new(SliceFetchPriority.Demand, In(15))),
                (6, new(SliceFetchPriority.ReadAhead, In(30))),
            };
            var fetches = tickets.Select(t => swarm.FetchAsync("f", t.Slice * Slice, new byte[4096], t.Ticket, default)).ToList();
            tickets[3].Ticket.Hasten(In(1));   // a second viewer of the same slice needs it in 1 s
            tickets[0].Ticket.Hasten(In(40));  // later than it is: no move
            tickets[5].Ticket.Escalate(In(5)); // a reader now waits on the guess, and needs it in 5 s
            await Task.WhenAll([first, .. fetches]);
        });

        Assert.Equal(new long[] { 0, 4, 3, 6, 5, 1, 2 }.Select(i => i * Slice), session.Calls.Select(c => c.Offset));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_schedules_never_exceed_any_session_budget(int seed)
    {
        using var loop = new VirtualTimeLoop();
        var options = new SimulatedTelegramOptions
        {
            Sessions = 3,
            Dcs = [2, 4],
            Seed = seed,
            ErrorRate = 0.05,
            DropRate = 0.02,
            ReferenceExpiredRate = 0.02,
            Swarm = new SwarmOptions { RequestTimeout = TimeSpan.FromSeconds(3) },
        };
        using var vault = new SimulatedTelegramVault(options, loop, NullLogger.Instance);
        var files = Enumerable.Range(0, 4).Select(i => $"file{i}").ToList();
        foreach (var (file, i) in files.Select((f, i) => (f, i)))
        {
            vault.Server.AddSynthetic(file, (50L * Slice) + 777, seed: 100 + i);
        }

        var random = new Random(seed);
        var failures = 0;
        loop.Run(async () =>
        {
            var work = new List<Task>();
            for (var i = 0; i < 400; i++)
            {
                var fileIndex = random.Next(files.Count);
                var slice = random.Next(51);
                var length = (int)Math.Min(Slice, vault.Server.LengthOf(files[fileIndex]) - ((long)slice * Slice));
                var priority = random.Next(2) == 0 ? SliceFetchPriority.Demand : SliceFetchPriority.ReadAhead;
                work.Add(FetchAndCheck(files[fileIndex], 100 + fileIndex, (long)slice * Slice, length, priority));
                if (random.Next(4) == 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 400)), loop);
                }
            }

            await Task.WhenAll(work);
        });

        var counters = vault.Server.Counters;
        Assert.Equal(0, counters.FloodWaitsIssued);
        Assert.True(vault.Server.PeakRequestsPerSecond <= 30, $"peak {vault.Server.PeakRequestsPerSecond}");
        Assert.Equal(0, counters.ProtocolViolations);
        Assert.True(counters.FaultsInjected > 0);
        Assert.True(failures <= 2, $"{failures} fetches failed after retries");

        async Task FetchAndCheck(string file, int fileSeed, long offset, int length, SliceFetchPriority priority)
        {
            var buffer = new byte[length];
            try
            {
                await vault.ReadSliceAsync(file, offset, buffer, new SliceFetchTicket(priority), default);
            }
            catch (VaultUnavailableException)
            {
                failures++;
                return;
            }

            for (var i = 0; i < buffer.Length; i += 997)
            {
                Assert.Equal(SimulatedTelegramServer.SyntheticByte(fileSeed, offset + i), buffer[i]);
            }
        }
    }

    [Fact]
    public void Files_on_another_dc_are_migrated_and_remembered()
    {
        using var loop = new VirtualTimeLoop();
        using var vault = new SimulatedTelegramVault(new SimulatedTelegramOptions { Sessions = 2, Dcs = [1, 5] }, loop, NullLogger.Instance);
        vault.Server.AddSynthetic("on-dc1", 4L * Slice, 7);
        vault.Server.AddSynthetic("on-dc5", 4L * Slice, 8);

        loop.Run(async () =>
        {
            for (var i = 0; i < 4; i++)
            {
                foreach (var (file, seed) in new[] { ("on-dc1", 7), ("on-dc5", 8) })
                {
                    var buffer = new byte[Slice];
                    await vault.ReadSliceAsync(file, (long)i * Slice, buffer, new SliceFetchTicket(SliceFetchPriority.Demand), default);
                    Assert.Equal(SimulatedTelegramServer.SyntheticByte(seed, ((long)i * Slice) + 12345), buffer[12345]);
                }
            }
        });

        // 8 reads + one FILE_MIGRATE for the first read of the DC 5 file, none after
        Assert.Equal(9, vault.Server.Counters.Requests);
        Assert.All(vault.Swarm.Snapshot().Sessions, s => Assert.True(s.Requests > 0));
    }

    [Fact]
    public void A_session_that_keeps_failing_is_marked_failing_and_avoided()
    {
        using var loop = new VirtualTimeLoop();
        var broken = new ScriptedSession("broken", 2, loop, _ => new TransientBackendException("INTERNAL"));
        var good = new ScriptedSession("good", 2, loop);
        using var swarm = new SessionSwarm("v", [broken, good], new SwarmOptions(), loop, NullLogger.Instance);

        var snapshot = loop.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await swarm.FetchAsync("f", (long)i * Slice, new byte[4096], new SliceFetchTicket(SliceFetchPriority.Demand), default);
            }

            return swarm.Snapshot();
        });

        Assert.Equal(SessionState.Failing, snapshot.Sessions.Single(s => s.Id == "broken").State);
        Assert.Equal(3, broken.Calls.Count);
        Assert.Equal(20, good.Calls.Count(c => c.Offset % Slice == 0) - 0);
    }

    [Fact]
    public void A_permanent_failure_ends_the_request_at_once_without_trying_others_or_blaming_the_session()
    {
        using var loop = new VirtualTimeLoop();
        var redirected = new ScriptedSession("a", 2, loop, call => call == 1 ? new PermanentBackendException("redirected to a CDN") : null);
        var other = new ScriptedSession("b", 2, loop);
        using var swarm = new SessionSwarm("v", [redirected, other], new SwarmOptions(), loop, NullLogger.Instance);

        var (failure, snapshot) = loop.Run(async () =>
        {
            var error = await Record.ExceptionAsync(() => swarm.FetchAsync("f", 0, new byte[4096], new SliceFetchTicket(SliceFetchPriority.Demand), default));
            return (error, swarm.Snapshot());
        });

        var unavailable = Assert.IsType<VaultUnavailableException>(failure);
        Assert.IsType<PermanentBackendException>(unavailable.InnerException);
        Assert.Contains("redirected to a CDN", unavailable.Message, StringComparison.Ordinal);
        Assert.Single(redirected.Calls);
        Assert.Empty(other.Calls);
        Assert.All(snapshot.Sessions, s => Assert.Equal((SessionState.Healthy, 0L), (s.State, s.Failures)));
    }
}
