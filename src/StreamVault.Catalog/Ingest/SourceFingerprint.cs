using System.Security.Cryptography;

namespace StreamVault.Catalog.Ingest;

/// <summary>
/// Identifies a source file by its size and a SHA-256 over its first, middle and last MiB. Cheap enough to run on
/// every file of a large folder before any copying, and the same file under another name or path is still the same.
/// </summary>
internal static class SourceFingerprint
{
    private const int SampleSize = 1024 * 1024;

    public static async Task<string> ComputeAsync(string path, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var length = RandomAccess.GetLength(handle);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(BitConverter.GetBytes(length));
        var buffer = new byte[SampleSize];
        foreach (var offset in SampleOffsets(length))
        {
            var read = await RandomAccess.ReadAsync(handle, buffer, offset, cancellationToken);
            sha.AppendData(buffer, 0, read);
        }

        return $"{length:x}-{Convert.ToHexStringLower(sha.GetHashAndReset())}";
    }

    private static IEnumerable<long> SampleOffsets(long length)
    {
        if (length <= 3L * SampleSize)
        {
            // Small files are hashed whole, in one read per MiB.
            for (long offset = 0; offset < length; offset += SampleSize)
            {
                yield return offset;
            }

            yield break;
        }

        yield return 0;
        yield return (length / 2) - (SampleSize / 2);
        yield return length - SampleSize;
    }
}
