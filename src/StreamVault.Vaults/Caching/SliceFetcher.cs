using System.Buffers;
using Microsoft.Extensions.Logging;

namespace StreamVault.Vaults.Caching;

/// <summary>Fetches the bytes of one media slice from the first replica that answers: budgeted vaults through
/// <see cref="ISliceVault"/> (which fails over between sessions), others through <see cref="IVault.ReadAsync"/>.</summary>
internal sealed class SliceFetcher(IVaultRegistry vaults, ILogger logger)
{
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
                logger.LogWarning(ex, "Slice {Index} of media {MediaFileId} failed on vault {VaultId}; trying the next replica", index, media.MediaFileId, replica.VaultId);
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

    internal static byte[] Rent(int length) => ArrayPool<byte>.Shared.Rent(length);
}
