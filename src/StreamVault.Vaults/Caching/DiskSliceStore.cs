using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using StreamVault.Core.IO;

namespace StreamVault.Vaults.Caching;

/// <summary>
/// Slices as files: <c>{root}/{mediaFileId}/v{version}/{index}.slice</c>, each a 16-byte header (magic, payload length,
/// CRC-32C, index) and the payload. A slice is written to a temp file, flushed, then renamed into place, so after a
/// crash a slice file is either whole or absent; temp files are swept at start. Reads check the header length against
/// the file length and the expected slice length, and the checksum (once per slice and process: files never change
/// after their rename): a damaged file is a miss and is deleted, never served. Hits stream from the file in small
/// chunks (or by sendfile where the response can take it), so the page cache, not the process, holds popular slices.
/// The index is rebuilt from the folder at start, oldest write first (hits do not touch the file, so recency after a
/// restart is write order: one metadata write per hit would cost more than the recency is worth).
/// </summary>
internal sealed partial class DiskSliceStore : SliceStoreBase
{
    internal const int HeaderSize = 16;
    private const int ChunkSize = SliceMath.WriteChunk;
    private const uint Magic = 0x31535653; // "SVS1"
    private const string SliceExtension = ".slice";
    private const string TempExtension = ".tmp";
    private readonly string _root;
    private readonly bool _flush;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<SliceKey, long> _verified = new(); // key → file write time when checksummed

    public DiskSliceStore(SliceCacheOptions options, ILogger logger)
        : base(options)
    {
        _root = Path.GetFullPath(options.Root);
        _flush = options.FlushToDisk;
        _logger = logger;
        Directory.CreateDirectory(_root);
        Rebuild();
    }

    public override async ValueTask<int> CopyToAsync(SliceKey key, int length, int from, int to, PipeWriter destination, CancellationToken cancellationToken)
    {
        if (!Contains(key))
        {
            return 0;
        }

        FileStream file;
        SafeFileHandle handle;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            // Only file failures drop the slice; a viewer's socket failing is the caller's business.
            try
            {
                // Sharing writes too: a slice file never changes after its rename, and without FileShare.Write the runtime
                // takes and drops an advisory lock (two flock calls) on every hit.
                file = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous);
                handle = file.SafeFileHandle;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LostSlice(key, ex);
                return 0;
            }

            try
            {
                if (!await IsIntactAsync(handle, key, length, buffer, cancellationToken))
                {
                    Log.SliceFailedCheck(_logger, key);
                    Forget(key);
                    await file.DisposeAsync();
                    return 0;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await file.DisposeAsync();
                LostSlice(key, ex);
                return 0;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var written = 0;
        await using (file)
        {
            if (destination is IFileRangeSink sink)
            {
                // The checked file goes from the page cache to the socket (sendfile), no byte through the process.
                await sink.SendFileAsync(file, HeaderSize + from, to - from, cancellationToken);
                Touch(key);
                return to - from;
            }

            // A chunk per flush, read straight into the pipe's own memory: a thousand viewers of cached titles hold the
            // pipe's window each, and no buffer of ours. A failed read commits nothing (the memory is not advanced).
            while (from + written < to)
            {
                var want = Math.Min(ChunkSize, to - from - written);
                var target = destination.GetMemory(want)[..want];
                int read;
                try
                {
                    read = await ReadFileAsync(handle, target, HeaderSize + from + written, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    LostSlice(key, ex);
                    return written;
                }

                if (read < want)
                {
                    LostSlice(key, new EndOfStreamException($"Slice {key} ended early."));
                    return written;
                }

                destination.Advance(read);
                written += want;
                await destination.FlushOrAbortAsync(cancellationToken);
            }
        }
        Touch(key);
        return written;
    }

    /// <summary>
    /// Checks the file's length against the expected length, and its header and checksum the first time this process
    /// reads the slice: slice files never change after their rename, so one verified read vouches for the next ones
    /// unless the file's write time moved (something outside the store touched it).
    /// </summary>
    private async ValueTask<bool> IsIntactAsync(SafeFileHandle handle, SliceKey key, int length, byte[] buffer, CancellationToken cancellationToken)
    {
        // A file verified whole (header, length and checksum) whose write time has not moved since is the same file: a
        // hit then costs no read of its own, which on the sendfile path means no byte of the slice passes through the process.
        var stamp = File.GetLastWriteTimeUtc(handle).Ticks;
        if (_verified.TryGetValue(key, out var verifiedAt) && verifiedAt == stamp)
        {
            return true;
        }

        if (RandomAccess.GetLength(handle) != HeaderSize + length)
        {
            return false;
        }

        if (await ReadFileAsync(handle, buffer.AsMemory(0, HeaderSize), 0, cancellationToken) != HeaderSize
            || BinaryPrimitives.ReadUInt32LittleEndian(buffer) != Magic
            || BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(4)) != length
            || BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(12)) != key.Index)
        {
            return false;
        }

        var expected = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(8));
        var crc = Crc32C.Start;
        for (var offset = 0; offset < length;)
        {
            var read = await ReadFileAsync(handle, buffer.AsMemory(0, Math.Min(ChunkSize, length - offset)), HeaderSize + offset, cancellationToken);
            if (read == 0)
            {
                return false;
            }

            crc = Crc32C.Append(crc, buffer.AsSpan(0, read));
            offset += read;
        }

        if (Crc32C.Finish(crc) != expected)
        {
            return false;
        }

        _verified[key] = stamp;
        return true;
    }

    public override async ValueTask WriteAsync(SliceKey key, ReadOnlyMemory<byte> data, long generation, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}{TempExtension}";
        var header = ArrayPool<byte>.Shared.Rent(HeaderSize);
        try
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), Crc32C.Compute(data.Span));
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), key.Index);
            using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.Asynchronous, HeaderSize + data.Length))
            {
                await RandomAccess.WriteAsync(handle, header.AsMemory(0, HeaderSize), 0, cancellationToken);
                await RandomAccess.WriteAsync(handle, data, HeaderSize, cancellationToken);
                if (_flush)
                {
                    RandomAccess.FlushToDisk(handle);
                }
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }

        if (Admit(key, data.Length, generation))
        {
            _verified[key] = File.GetLastWriteTimeUtc(path).Ticks; // checksummed from the very bytes just written
        }
        else
        {
            TryDelete(path);
        }
    }

    /// <summary>A sick disk must not fail the viewer: the slice is forgotten and its bytes come from the vault.</summary>
    private void LostSlice(SliceKey key, Exception ex)
    {
        if (ex is not (FileNotFoundException or DirectoryNotFoundException))
        {
            Log.SliceUnreadable(_logger, ex, key);
        }

        Forget(key);
    }

    protected override void Drop(SliceKey key)
    {
        _verified.TryRemove(key, out _);
        TryDelete(PathOf(key));
    }

    protected override void DropMedia(long mediaFileId)
    {
        foreach (var key in _verified.Keys.Where(k => k.MediaFileId == mediaFileId))
        {
            _verified.TryRemove(key, out _);
        }

        try
        {
            Directory.Delete(Path.Combine(_root, mediaFileId.ToString(CultureInfo.InvariantCulture)), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException ex)
        {
            Log.MediaFolderNotRemoved(_logger, ex, mediaFileId);
        }
    }

    private string PathOf(SliceKey key) => Path.Combine(
        _root,
        key.MediaFileId.ToString(CultureInfo.InvariantCulture),
        "v" + key.Version.ToString(CultureInfo.InvariantCulture),
        key.Index.ToString(CultureInfo.InvariantCulture) + SliceExtension);

    private void Rebuild()
    {
        var found = new List<(SliceKey Key, long Size, DateTime Written)>();
        foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(TempExtension, StringComparison.Ordinal))
            {
                TryDelete(file); // a write that never reached its rename
                continue;
            }

            var info = new FileInfo(file);
            if (TryParse(file, out var key) && info.Length > HeaderSize && info.Length <= HeaderSize + SliceMath.SliceSize)
            {
                found.Add((key, info.Length - HeaderSize, info.LastWriteTimeUtc));
            }
            else
            {
                TryDelete(file); // truncated or foreign; checksums are verified lazily on read
            }
        }

        foreach (var (key, size, _) in found.OrderBy(f => f.Written))
        {
            Admit(key, size, Generation);
        }

        Log.Loaded(_logger, _root, Count, Bytes);
    }

    private bool TryParse(string file, out SliceKey key)
    {
        key = default;
        var relative = Path.GetRelativePath(_root, file).Split(Path.DirectorySeparatorChar);
        return relative.Length == 3
            && long.TryParse(relative[0], NumberStyles.None, CultureInfo.InvariantCulture, out var media)
            && relative[1].StartsWith('v')
            && int.TryParse(relative[1].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && relative[2].EndsWith(SliceExtension, StringComparison.Ordinal)
            && int.TryParse(relative[2].AsSpan(0, relative[2].Length - SliceExtension.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && (key = new SliceKey(media, version, index)) == key;
    }

    private static async ValueTask<int> ReadFileAsync(SafeFileHandle handle, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await RandomAccess.ReadAsync(handle, buffer[total..], offset + total, cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Still open elsewhere on Windows; the next start sweeps it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Slice {Slice} failed its length or checksum check; dropped")]
        public static partial void SliceFailedCheck(ILogger logger, SliceKey slice);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Slice {Slice} could not be read; dropped")]
        public static partial void SliceUnreadable(ILogger logger, Exception exception, SliceKey slice);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the cache folder of media {MediaFileId}")]
        public static partial void MediaFolderNotRemoved(ILogger logger, Exception exception, long mediaFileId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Slice cache at {Root}: {Count} slices, {Bytes} bytes")]
        public static partial void Loaded(ILogger logger, string root, long count, long bytes);
    }
}

/// <summary>Slices in memory, for simulations. With <c>keepBytes</c> off it keeps only the index, so a capacity run
/// of hundreds of viewers models cache behaviour without holding gigabytes.</summary>
internal sealed class MemorySliceStore(SliceCacheOptions options, bool keepBytes = true) : SliceStoreBase(options)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<SliceKey, byte[]> _bytes = new();

    private static readonly byte[] Zeros = new byte[SliceMath.SliceSize];

    public override async ValueTask<int> CopyToAsync(SliceKey key, int length, int from, int to, PipeWriter destination, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> bytes;
        if (keepBytes)
        {
            if (!_bytes.TryGetValue(key, out var data) || data.Length != length)
            {
                Forget(key);
                return 0;
            }

            bytes = data.AsMemory(from, to - from);
        }
        else
        {
            bytes = Zeros.AsMemory(from, to - from); // an index-only simulation: the length is what counts
        }

        if (!Touch(key))
        {
            return 0;
        }

        await destination.WriteInChunksAsync(bytes, SliceMath.WriteChunk, cancellationToken);
        return to - from;
    }

    public override ValueTask WriteAsync(SliceKey key, ReadOnlyMemory<byte> data, long generation, CancellationToken cancellationToken)
    {
        if (keepBytes)
        {
            _bytes[key] = data.ToArray();
        }

        if (!Admit(key, data.Length, generation))
        {
            _bytes.TryRemove(key, out _);
        }

        return ValueTask.CompletedTask;
    }

    protected override void Drop(SliceKey key) => _bytes.TryRemove(key, out _);
}
