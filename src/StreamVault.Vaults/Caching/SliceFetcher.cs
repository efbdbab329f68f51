using Microsoft.Extensions.Logging;

namespace StreamVault.Vaults.Caching;

/// <summary>Fetches the bytes of one media slice from the first replica that answers: budgeted vaults through
/// <see cref="ISliceVault"/> (which fails over between sessions), others through <see cref="IVault.ReadAsync"/>.
/// A demand fetch still unanswered after <c>hedgeAfter</c> gets one hedge: the same slice asked again (the swarm
/// sends it to a less-loaded session), first answer wins. A request that hangs then costs a viewer about
/// <c>hedgeAfter</c> instead of the whole request timeout; hedges are only sent while the swarm has a quarter of its
/// budget spare, so they never crowd out first requests.</summary>
internal sealed partial class SliceFetcher(IVaultRegistry vaults, ILogger logger, TimeProvider? time = null, TimeSpan hedgeAfter = default)
{
    private const double HedgeMinimumSpare = 0.25;
    private long _hedges;

    public long Hedges => Interlocked.Read(ref _hedges);

    /// <summary>Fetches slice <paramref name="index"/> into a pooled buffer the caller returns; hedged as described above.</summary>
    public async Task<byte[]> FetchPooledAsync(MediaObject media, int index, int length, SliceFetchTicket ticket, CancellationToken cancellationToken)
    {
        var attempts = new List<Attempt> { Start(media, index, length, ticket, cancellationToken) };
        var hedged = hedgeAfter <= TimeSpan.Zero || time is null;
        while (true)
        {
            if (attempts.FirstOrDefault(a => a.Task.IsCompletedSuccessfully) is { } winner)
            {
                foreach (var loser in attempts.Where(a => a != winner))
                {
                    _ = loser.AbandonAsync();
                }

                winner.Cancellation.Dispose();
                return winner.Buffer.Detach();
            }

            if (attempts.All(a => a.Task.IsCompleted))
            {
                foreach (var attempt in attempts)
                {
                    attempt.Cancellation.Dispose();
                    attempt.Buffer.Release();
                }

                await attempts[0].Task; // rethrows the first attempt's failure
                throw new InvalidOperationException("unreachable");
            }

            var running = attempts.Where(a => !a.Task.IsCompleted).Select(a => a.Task).ToList();
            if (hedged)
            {
                await Task.WhenAny(running);
                continue;
            }

            using (var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var timer = Task.Delay(hedgeAfter, time!, delay.Token);
                await Task.WhenAny([.. running, timer]);
                delay.Cancel(); // synchronous on purpose: CancelAsync would hop to the thread pool
            }

            hedged = true;
            // A reader whose player still holds the slice's time in its buffer is not helped by a second request: only
            // what playback needs by now is hedged, and the hedge keeps the ticket's place in line.
            if (attempts[0].Task.IsCompleted || ticket.Priority != SliceFetchPriority.Demand || ticket.Due > time!.GetUtcNow().UtcTicks || cancellationToken.IsCancellationRequested)
            {
                continue;
            }

            var budgeted = media.Replicas.Select(r => vaults.Find(r.VaultId)).OfType<ISliceVault>().FirstOrDefault();
            if (budgeted is not null && budgeted.SpareBudget >= HedgeMinimumSpare)
            {
                Interlocked.Increment(ref _hedges);
                attempts.Add(Start(media, index, length, new SliceFetchTicket(SliceFetchPriority.Demand, ticket.Due), cancellationToken));
            }
        }
    }

    private Attempt Start(MediaObject media, int index, int length, SliceFetchTicket ticket, CancellationToken cancellationToken)
    {
        var buffer = new LazyPooledBuffer(length);
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        return new Attempt(FetchAsync(media, index, buffer.Lazy, ticket, cancellation.Token), buffer, cancellation);
    }

    /// <summary>One try at a slice with its own buffer; a loser is cancelled (dropped if still queued) and its buffer goes
    /// back to the pool only when it has stopped writing.</summary>
    private sealed record Attempt(Task Task, LazyPooledBuffer Buffer, CancellationTokenSource Cancellation)
    {
        public async Task AbandonAsync()
        {
            Cancellation.Cancel();
            try
            {
                await Task;
            }
#pragma warning disable CA1031 // a loser's failure is moot: the winner already answered, and abandoning must never throw
            catch (Exception)
            {
                // the winner already answered
            }
#pragma warning restore CA1031
            finally
            {
                Cancellation.Dispose();
                Buffer.Release();
            }
        }
    }

    public async Task FetchAsync(MediaObject media, int index, Memory<byte> destination, SliceFetchTicket ticket, CancellationToken cancellationToken)
    {
        var sliceOffset = (long)index * SliceMath.SliceSize;
        Exception? last = null;
        foreach (var replica in media.Replicas)
        {
            if (vaults.Find(replica.VaultId) is not { } vault)
            {
                continue;
            }

            try
            {
                var position = 0;
                foreach (var span in PartRangePlanner.Plan(replica.Parts, sliceOffset, destination.Length))
                {
                    var target = destination.Slice(position, (int)span.Count);
                    if (vault is ISliceVault sliceVault)
                    {
                        await sliceVault.ReadSliceAsync(span.Part.Locator, span.OffsetInPart, target, ticket, cancellationToken);
                    }
                    else
                    {
                        await ReadFullyAsync(vault, span.Part.Locator, span.OffsetInPart, target, cancellationToken);
                    }

                    position += (int)span.Count;
                }

                if (position != destination.Length)
                {
                    throw new VaultUnavailableException($"Replica in {replica.VaultId} is shorter than media {media.MediaFileId}.");
                }

                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log.ReplicaFailed(logger, ex, index, media.MediaFileId, replica.VaultId);
                last = ex;
            }
        }

        throw new VaultUnavailableException($"No replica of media {media.MediaFileId} could serve slice {index}.", last);
    }

    private static async Task ReadFullyAsync(IVault vault, string locator, long offset, Memory<byte> target, CancellationToken cancellationToken)
    {
        var done = 0;
        while (done < target.Length)
        {
            var read = await vault.ReadAsync(locator, offset + done, target[done..], cancellationToken);
            if (read == 0)
            {
                throw new VaultUnavailableException($"Part {locator} ended early at {offset + done}.");
            }

            done += read;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Slice {Index} of media {MediaFileId} failed on vault {VaultId}; trying the next replica")]
        public static partial void ReplicaFailed(ILogger logger, Exception exception, int index, long mediaFileId, string vaultId);
    }
}
