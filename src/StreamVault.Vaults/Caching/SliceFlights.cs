using Microsoft.Extensions.Logging;

namespace StreamVault.Vaults.Caching;

/// <summary>
/// Single flight per slice: every reader of a missing slice joins one backend fetch. A fetch runs on its own token,
/// cancelled only when its last party (demand reader or read-ahead cursor) leaves before the bytes arrived, so a viewer
/// who disconnects never cancels the fetch others wait on. A finished fetch stays joinable until its bytes are in the
/// store, so no reader can fall in the gap between "not in flight" and "not yet stored".
/// </summary>
internal sealed partial class SliceFlights(ISliceStore store, SliceFetcher fetcher, CacheCounters counters, ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SliceKey, Flight> _flights = [];

    public ISliceStore Store => store;

    public SliceFetcher Fetcher => fetcher;

    /// <summary>
    /// The slice for a reader who needs it now: a lease on the stored slice (read it with
    /// <see cref="ISliceStore.CopyToAsync"/>), or on the bytes of a fetch it joined or started. A reader coming back
    /// for the rest of a slice it began passes <paramref name="continued"/>, so hits and misses count slice visits.
    /// <paramref name="due"/> is when the reader's playback needs the slice (see <see cref="SliceFetchTicket.Due"/>).
    /// </summary>
    public async Task<SliceLease> GetAsync(MediaObject media, int index, CancellationToken cancellationToken, bool continued = false, long due = 0)
    {
        var key = SliceKey.For(media, index);
        var length = SliceMath.SliceLength(media.Length, index);
        while (true)
        {
            if (store.Contains(key))
            {
                if (!continued)
                {
                    counters.Hit();
                }

                return SliceLease.Stored;
            }

            Flight? flight;
            SharedSlice? ready = null;
            var start = false;
            lock (_lock)
            {
                if (_flights.TryGetValue(key, out flight))
                {
                    flight.DemandParties++;
                    if (flight.Result is { } result)
                    {
                        result.AddRef();
                        ready = result;
                    }
                }
                else if (store.Contains(key))
                {
                    continue; // stored between our look and the lock
                }
                else
                {
                    flight = new Flight(key, length, SliceFetchPriority.Demand, due) { DemandParties = 1 };
                    _flights[key] = flight;
                    start = true;
                }
            }

            if (!continued)
            {
                counters.Miss();
            }

            if (start)
            {
                _ = RunAsync(flight, media, index);
            }
            else
            {
                flight.Ticket.Escalate(due);
            }

            if (ready is not null)
            {
                return SliceLease.FromShared(ready);
            }

            try
            {
                await flight.Done.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Leave(flight, demand: true);
                throw;
            }
            catch (OperationCanceledException)
            {
                continue; // joined a fetch its last read-ahead holder had just cancelled: start afresh
            }

            return SliceLease.FromShared(flight.Result!);
        }
    }

    /// <summary>Starts (or joins) a read-ahead fetch of a slice its reader needs by <paramref name="due"/> (see
    /// <see cref="SliceFetchTicket.Due"/>); null when the slice is already stored. Release with <see cref="Leave"/>.</summary>
    public Flight? Prefetch(MediaObject media, int index, long due = SliceFetchTicket.Unestimated)
    {
        var key = SliceKey.For(media, index);
        if (store.Contains(key))
        {
            return null;
        }

        Flight? flight;
        var joined = false;
        lock (_lock)
        {
            if (_flights.TryGetValue(key, out flight))
            {
                flight.ReadAheadParties++;
                joined = true;
            }
            else
            {
                flight = new Flight(key, SliceMath.SliceLength(media.Length, index), SliceFetchPriority.ReadAhead, due) { ReadAheadParties = 1 };
                _flights[key] = flight;
            }
        }

        if (joined)
        {
            // The fetch is due when its nearest viewer needs it. Outside the lock: the hook takes the swarm's.
            flight.Ticket.Hasten(due);
        }
        else
        {
            _ = RunAsync(flight, media, index);
        }

        return flight;
    }

    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _flights.Count;
            }
        }
    }

    /// <summary>A party leaves: a cancelled demand reader, or a cursor dropping read-ahead after a seek or disconnect.</summary>
    public void Leave(Flight flight, bool demand)
    {
        var release = false;
        var cancel = false;
        lock (_lock)
        {
            if (flight.Result is not null)
            {
                release = demand; // its reference was counted when the bytes arrived
                if (!demand)
                {
                    flight.ReadAheadParties--;
                }
            }
            else
            {
                if (demand)
                {
                    flight.DemandParties--;
                }
                else
                {
                    flight.ReadAheadParties--;
                }

                // Stays in the map until RunAsync ends: if the request was already sent, its bytes still land in the
                // store and late readers join it instead of paying for a second request.
                cancel = flight.DemandParties + flight.ReadAheadParties == 0 && !flight.Finished;
            }
        }

        if (release)
        {
            flight.Result!.Release();
        }

        if (cancel)
        {
            // Outside the lock: cancellation callbacks reach the swarm's lock.
            flight.Cancellation.Cancel();
        }
    }

    private async Task RunAsync(Flight flight, MediaObject media, int index)
    {
        byte[] buffer;
        var generation = store.Generation;
        var readAhead = flight.Ticket.Priority == SliceFetchPriority.ReadAhead;
        try
        {
            buffer = await fetcher.FetchPooledAsync(media, index, flight.Length, flight.Ticket, flight.Cancellation.Token);
        }
#pragma warning disable CA1031 // the flight runs unobserved: any failure must reach its waiters through Done, not escape
        catch (Exception ex)
        {
            lock (_lock)
            {
                flight.Finished = true;
                RemoveUnlocked(flight);
            }

            if (ex is OperationCanceledException && flight.Cancellation.IsCancellationRequested)
            {
                flight.Done.TrySetCanceled(flight.Cancellation.Token);
            }
            else
            {
                flight.Done.TrySetException(ex);
            }

            return;
        }
#pragma warning restore CA1031

        counters.Fetched(readAhead);
        SharedSlice slice;
        lock (_lock)
        {
            // One reference per demand party already waiting, one for this flight until the bytes are stored.
            slice = new SharedSlice(buffer, flight.Length, 1 + flight.DemandParties);
            flight.Result = slice;
        }

        flight.Done.TrySetResult();
        try
        {
            await store.WriteAsync(flight.Key, slice.Memory, generation, CancellationToken.None);
        }
#pragma warning disable CA1031 // the viewers already have the bytes: a sick cache disk is logged, never fails the flight
        catch (Exception ex)
        {
            Log.StoreFailed(logger, ex, flight.Key);
        }
#pragma warning restore CA1031

        lock (_lock)
        {
            flight.Finished = true;
            RemoveUnlocked(flight);
        }

        slice.Release();
    }

    private void RemoveUnlocked(Flight flight)
    {
        if (_flights.TryGetValue(flight.Key, out var current) && ReferenceEquals(current, flight))
        {
            _flights.Remove(flight.Key);
        }
    }

    internal sealed class Flight(SliceKey key, int length, SliceFetchPriority priority, long? due = null)
    {
        public SliceKey Key { get; } = key;

        public int Length { get; } = length;

        public SliceFetchTicket Ticket { get; } = new(priority, due);

        public CancellationTokenSource Cancellation { get; } = new();

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int DemandParties { get; set; }

        public int ReadAheadParties { get; set; }

        public SharedSlice? Result { get; set; }

        public bool Finished { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store slice {Slice}")]
        public static partial void StoreFailed(ILogger logger, Exception exception, SliceKey slice);
    }
}
