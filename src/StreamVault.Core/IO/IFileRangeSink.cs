namespace StreamVault.Core.IO;

/// <summary>
/// A response pipe that can send a range of an open file itself, so the bytes go from the page cache to the socket
/// (sendfile(2)) instead of being read into the process and written out again: two copies of every byte fewer, and
/// one system call per range instead of two per chunk. A writer of media bytes checks for it
/// (<c>destination is IFileRangeSink</c>) and falls back to reading chunks into the pipe when it is absent.
/// </summary>
public interface IFileRangeSink
{
    /// <summary>
    /// Sends <paramref name="count"/> bytes of <paramref name="file"/> from <paramref name="offset"/>, after everything
    /// written to the pipe before, and returns once the socket has taken them all (the file may be closed then). The
    /// caller must have checked that the file holds the range. Throws <see cref="OperationCanceledException"/> when the
    /// connection went away, like a flush of the pipe would.
    /// </summary>
    ValueTask SendFileAsync(FileStream file, long offset, long count, CancellationToken cancellationToken);
}
