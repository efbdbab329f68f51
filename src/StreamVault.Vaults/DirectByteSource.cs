using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using StreamVault.Core.IO;

namespace StreamVault.Vaults;

/// <summary>Reads straight from the vaults, replica by replica: the path for local folders and the fallback
/// under the slice cache. A replica that fails before any byte was written is skipped for the next one.</summary>
internal sealed partial class DirectByteSource(IVaultRegistry vaults, ILogger<DirectByteSource> logger) : IMediaByteSource
{
    /// <summary>Bytes per flush, as on the slice path.</summary>
    private const int ChunkSize = Caching.SliceMath.WriteChunk;

    /// <summary>A remote vault answers whole windows; asking for less would fetch the same window again and again.</summary>
    private const int RemoteReadSize = Caching.SliceMath.SliceSize;

    public async Task CopyRangeAsync(MediaObject media, long offset, long count, PipeWriter destination, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var replica in media.Replicas)
        {
            var vault = vaults.Find(replica.VaultId);
            if (vault is null)
            {
                continue;
            }

            var progress = new CopyProgress();
            try
            {
                await CopyFromReplicaAsync(vault, replica, offset, count, destination, progress, cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && progress.BytesWritten == 0)
            {
                Log.ReplicaFailed(logger, ex, replica.VaultId, media.MediaFileId);
                last = ex;
            }
        }

        throw new VaultUnavailableException($"No replica of media {media.MediaFileId} could be read.", last);
    }

    private static async Task CopyFromReplicaAsync(IVault vault, MediaReplica replica, long offset, long count, PipeWriter destination, CopyProgress progress, CancellationToken cancellationToken)
    {
        // A local file is read one chunk per flush, and the buffer goes back to the pool before the flush: a viewer
        // whose socket drains slowly waits holding nothing but what the pipe already has.
        var readSize = vault is ILocalFileVault ? ChunkSize : RemoteReadSize;
        foreach (var span in PartRangePlanner.Plan(replica.Parts, offset, count))
        {
            var position = span.OffsetInPart;
            var remaining = span.Count;
            while (remaining > 0)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(readSize);
                int read;
                try
                {
                    var want = (int)Math.Min(remaining, readSize);
                    read = await vault.ReadAsync(span.Part.Locator, position, buffer.AsMemory(0, want), cancellationToken);
                    if (read == 0)
                    {
                        throw new VaultUnavailableException($"Part {span.Part.Index} ended early at {position}.");
                    }

                    if (read > ChunkSize)
                    {
                        await destination.WriteInChunksAsync(buffer.AsMemory(0, read), ChunkSize, cancellationToken);
                    }
                    else
                    {
                        destination.WriteAsOneBlock(buffer.AsSpan(0, read));
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                progress.BytesWritten += read;
                position += read;
                remaining -= read;
                await destination.FlushOrAbortAsync(cancellationToken);
            }
        }
    }

    private sealed class CopyProgress
    {
        public long BytesWritten { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Replica in vault {VaultId} failed for media {MediaFileId}; trying the next one")]
        public static partial void ReplicaFailed(ILogger logger, Exception exception, string vaultId, long mediaFileId);
    }
}

public sealed class VaultUnavailableException : Exception
{
    public VaultUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    public VaultUnavailableException()
    {
    }

    public VaultUnavailableException(string message)
        : base(message)
    {
    }
}
