using System.Buffers;
using Microsoft.Extensions.Logging;

namespace StreamVault.Vaults;

/// <summary>Reads straight from the vaults, replica by replica: the path for local folders and the fallback
/// under the slice cache. A replica that fails before any byte was written is skipped for the next one.</summary>
internal sealed class DirectByteSource(IVaultRegistry vaults, ILogger<DirectByteSource> logger) : IMediaByteSource
{
    private const int BufferSize = 256 * 1024;

    public async Task CopyRangeAsync(MediaObject media, long offset, long count, Stream destination, CancellationToken cancellationToken)
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
                logger.LogWarning(ex, "Replica in vault {VaultId} failed for media {MediaFileId}; trying the next one", replica.VaultId, media.MediaFileId);
                last = ex;
            }
        }

        throw new VaultUnavailableException($"No replica of media {media.MediaFileId} could be read.", last);
    }

    private static async Task CopyFromReplicaAsync(IVault vault, MediaReplica replica, long offset, long count, Stream destination, CopyProgress progress, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            foreach (var span in PartRangePlanner.Plan(replica.Parts, offset, count))
            {
                var position = span.OffsetInPart;
                var remaining = span.Count;
                while (remaining > 0)
                {
                    var want = (int)Math.Min(remaining, buffer.Length);
                    var read = await vault.ReadAsync(span.Part.Locator, position, buffer.AsMemory(0, want), cancellationToken);
                    if (read == 0)
                    {
                        throw new VaultUnavailableException($"Part {span.Part.Index} ended early at {position}.");
                    }

                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    progress.BytesWritten += read;
                    position += read;
                    remaining -= read;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private sealed class CopyProgress
    {
        public long BytesWritten { get; set; }
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
