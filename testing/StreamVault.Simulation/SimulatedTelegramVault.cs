using System.Buffers;
using Microsoft.Extensions.Logging;
using StreamVault.Vaults;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Simulation;

/// <summary>One simulated account: every call goes to the server, which decides whether to punish it.</summary>
internal sealed class SimulatedSession(SimulatedTelegramServer server, string id, int dc) : ISliceBackendSession
{
    public string Id => id;

    public int Dc => dc;

    public ValueTask<int> GetSliceAsync(string locator, long offset, Memory<byte> destination, CancellationToken cancellationToken) =>
        server.GetFileAsync(id, dc, locator, offset, destination, cancellationToken);

    public ValueTask RefreshFileReferenceAsync(string locator, CancellationToken cancellationToken) =>
        server.RefreshAsync(id, locator, cancellationToken);
}

/// <summary>
/// A Telegram-like vault on the simulated server: writes keep parts in memory or a folder (as an upload would), reads
/// go through the session swarm, one 1 MiB-window request at a time, so they pay budget, latency and faults.
/// </summary>
internal sealed class SimulatedTelegramVault : ISliceVault, ISwarmOwner, IDisposable
{
    private const int Window = Vaults.Caching.SliceMath.SliceSize;

    public SimulatedTelegramVault(SimulatedTelegramOptions options, TimeProvider time, ILogger logger)
    {
        var errors = options.Validate("SimulatedTelegram");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        Options = options;
        Server = new SimulatedTelegramServer(options, time);
        var sessions = Enumerable.Range(0, options.Sessions)
            .Select(i => new SimulatedSession(Server, $"{options.VaultId}/s{i}", options.Dcs[i % options.Dcs.Count]));
        Swarm = new SessionSwarm(options.VaultId, sessions, options.Swarm, time, logger);
        if (options.StorageFolder is not null)
        {
            Directory.CreateDirectory(options.StorageFolder);
            RestoreStoredDocuments(options.StorageFolder);
        }
    }

    /// <summary>Documents survive a restart like channel messages do: a process that starts on the same folder (the
    /// server after an `ingest` run) knows every part written before. Leftover temp files of a crash are dropped.</summary>
    private void RestoreStoredDocuments(string folder)
    {
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(TempSuffix, StringComparison.Ordinal))
            {
                File.Delete(path);
            }
            else
            {
                Server.Store(name, null, path, new FileInfo(path).Length);
            }
        }
    }

    public SimulatedTelegramOptions Options { get; }

    public SimulatedTelegramServer Server { get; }

    public SessionSwarm Swarm { get; }

    public string Id => Options.VaultId;

    public long MaxPartSize => Options.MaxPartSize;

    public double SpareBudget => Swarm.SpareBudget;

    public async Task<StoredObject> WriteAsync(string key, Stream content, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        VaultKeys.EnsureValid(key);

        var parts = new List<StoredPart>();
        long total = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(Window);
        try
        {
            while (true)
            {
                // On a folder the part streams to a temp file (parts reach 2 GiB); in memory it is buffered.
                var locator = $"{key}.{parts.Count:D4}";
                var finalPath = Options.StorageFolder is { } storage ? Path.Combine(storage, locator) : null;
                var tempPath = finalPath is null ? null : finalPath + "." + Guid.NewGuid().ToString("N") + TempSuffix;
                await using Stream part = tempPath is null ? new MemoryStream() : new FileStream(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.Asynchronous);
                while (part.Length < MaxPartSize)
                {
                    var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(Window, MaxPartSize - part.Length)), cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    await part.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    total += read;
                    progress?.Report(total);
                }

                var partLength = part.Length;
                if (partLength == 0 && parts.Count > 0)
                {
                    if (tempPath is not null)
                    {
                        await part.DisposeAsync();
                        File.Delete(tempPath);
                    }

                    break;
                }

                if (finalPath is not null && tempPath is not null)
                {
                    await part.FlushAsync(cancellationToken);
                    await part.DisposeAsync();
                    File.Move(tempPath, finalPath, overwrite: true);
                    Server.Store(locator, null, finalPath, partLength);
                }
                else
                {
                    Server.Store(locator, ((MemoryStream)part).ToArray(), null, partLength);
                }

                parts.Add(new StoredPart(parts.Count, locator, partLength));
                if (partLength < MaxPartSize)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new StoredObject(Id, parts);
    }

    /// <summary>Unbudgeted callers (the direct path) read one window per call, at demand priority.</summary>
    public async ValueTask<int> ReadAsync(string locator, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var length = Server.LengthOf(locator);
        if (offset >= length || destination.Length == 0)
        {
            return 0;
        }

        var count = (int)Math.Min(destination.Length, Math.Min(length - offset, Window - (offset % Window)));
        await ReadSliceAsync(locator, offset, destination[..count], new SliceFetchTicket(SliceFetchPriority.Demand), cancellationToken);
        return count;
    }

    public async Task ReadSliceAsync(string locator, long offset, Memory<byte> destination, SliceFetchTicket ticket, CancellationToken cancellationToken)
    {
        var length = Server.LengthOf(locator);
        if (offset < 0 || offset + destination.Length > length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"{locator}: {offset}+{destination.Length} is beyond {length}.");
        }

        await Swarm.ReadWindowedAsync(locator, length, offset, destination, ticket, cancellationToken);
    }

    public Task DeleteAsync(string locator, CancellationToken cancellationToken)
    {
        Server.Remove(locator);
        if (Options.StorageFolder is { } folder)
        {
            File.Delete(Path.Combine(folder, locator));
        }

        return Task.CompletedTask;
    }

    public void Dispose() => Swarm.Dispose();

    private const string TempSuffix = ".partial";
}
