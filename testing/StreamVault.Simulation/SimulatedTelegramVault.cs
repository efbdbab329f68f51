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
        Options = options;
        Server = new SimulatedTelegramServer(options, time);
        var sessions = Enumerable.Range(0, options.Sessions)
            .Select(i => new SimulatedSession(Server, $"{options.VaultId}/s{i}", options.Dcs[i % options.Dcs.Count]));
        Swarm = SessionSwarms.Create(options.VaultId, sessions, options.Swarm, time, logger);
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

    public ISessionSwarm Swarm { get; }

    public string Id => Options.VaultId;

    public long MaxPartSize => Options.MaxPartSize;

    public double SpareBudget => Swarm.SpareBudget;

    public async Task<StoredObject> WriteAsync(string key, Stream content, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        VaultKeys.EnsureValid(key);
        var parts = await PartWriter.WriteAsync(content, MaxPartSize, (index, part, ct) => WritePartAsync(key, index, part, ct), progress, cancellationToken);
        return new StoredObject(Id, parts);
    }

    /// <summary>On a folder the part streams to a temp file renamed into place (parts reach 2 GiB); in memory it is buffered.</summary>
    private async Task<StoredPart> WritePartAsync(string key, int index, Stream part, CancellationToken cancellationToken)
    {
        var locator = $"{key}.{index:D4}";
        if (Options.StorageFolder is not { } storage)
        {
            using var memory = new MemoryStream();
            await part.CopyToAsync(memory, Window, cancellationToken);
            Server.Store(locator, memory.ToArray(), null, memory.Length);
            return new StoredPart(index, locator, memory.Length);
        }

        var finalPath = Path.Combine(storage, locator);
        var tempPath = finalPath + "." + Guid.NewGuid().ToString("N") + TempSuffix;
        long length;
        try
        {
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await part.CopyToAsync(file, Window, cancellationToken);
                await file.FlushAsync(cancellationToken);
                length = file.Length;
            }

            File.Move(tempPath, finalPath, overwrite: true);
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }

        Server.Store(locator, null, finalPath, length);
        return new StoredPart(index, locator, length);
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
