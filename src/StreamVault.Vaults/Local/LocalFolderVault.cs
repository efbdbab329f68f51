namespace StreamVault.Vaults.Local;

/// <summary>Options of the local-folder vault.</summary>
/// <param name="Root">Folder that holds the parts.</param>
/// <param name="MaxPartSize">Split larger objects into parts of this size (tests use small values to exercise multi-part objects).</param>
public sealed record LocalFolderVaultOptions(string Root, long MaxPartSize = long.MaxValue);

/// <summary>
/// Keeps parts as files under one folder. Every part is written to a temporary file, flushed to disk and renamed
/// into place, so a reader sees either no part or the whole part; a crashed write leaves only a temp file that the
/// next start sweeps away.
/// </summary>
internal sealed class LocalFolderVault : ILocalFileVault
{
    public const string VaultId = "local";
    private const string TempSuffix = ".partial";
    private const int CopyBufferSize = 1024 * 1024;
    private readonly string _root;

    public LocalFolderVault(LocalFolderVaultOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPartSize, 1);
        _root = Path.GetFullPath(options.Root);
        MaxPartSize = options.MaxPartSize;
        Directory.CreateDirectory(_root);
        SweepTemporaryFiles();
    }

    public string Id => VaultId;

    public long MaxPartSize { get; }

    public async Task<StoredObject> WriteAsync(string key, Stream content, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        VaultKeys.EnsureValid(key);
        var parts = await PartWriter.WriteAsync(content, MaxPartSize, (index, part, ct) => WritePartAsync(key, index, part, ct), progress, cancellationToken);
        return new StoredObject(Id, parts);
    }

    /// <summary>One part goes to a temp file, is flushed to disk and renamed into place: readers see all of it or none.</summary>
    private async Task<StoredPart> WritePartAsync(string key, int index, Stream part, CancellationToken cancellationToken)
    {
        var locator = $"{key[..Math.Min(2, key.Length)]}/{key}.{index:D4}";
        var finalPath = ResolvePath(locator);
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        var tempPath = finalPath + "." + Guid.NewGuid().ToString("N") + TempSuffix;
        try
        {
            long written;
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await part.CopyToAsync(file, CopyBufferSize, cancellationToken);
                file.Flush(flushToDisk: true);
                written = file.Length;
            }

            File.Move(tempPath, finalPath, overwrite: true);
            return new StoredPart(index, locator, written);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    public async ValueTask<int> ReadAsync(string locator, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(ResolvePath(locator), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.Asynchronous);
        return await RandomAccess.ReadAsync(handle, destination, offset, cancellationToken);
    }

    public Task DeleteAsync(string locator, CancellationToken cancellationToken)
    {
        TryDelete(ResolvePath(locator));
        return Task.CompletedTask;
    }

    public string? TryGetPhysicalPath(string locator)
    {
        var path = ResolvePath(locator);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Locators come from our own catalogue, but a tampered database must still not read outside the root.</summary>
    private string ResolvePath(string locator)
    {
        var full = Path.GetFullPath(Path.Combine(_root, locator));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Locator '{locator}' points outside the vault.", nameof(locator));
        }

        return full;
    }

    private void SweepTemporaryFiles()
    {
        foreach (var temp in Directory.EnumerateFiles(_root, "*" + TempSuffix, SearchOption.AllDirectories))
        {
            TryDelete(temp);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A part still open by a reader on Windows; on Linux delete always succeeds. Left for the next sweep.
        }
    }
}
